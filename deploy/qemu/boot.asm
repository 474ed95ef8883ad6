; KvmPortal test boot sector: a 512-byte El Torito (no emulation) boot image for the Qemu hardware profile's end-to-end test.
; Prints a banner, then echoes every typed key through the BIOS (int 16h read, int 10h teletype). Enter starts a new line.
; Build: nasm -f bin -I deploy/qemu/ -o boot.bin boot.asm (or deploy/qemu/build-test-iso.sh OUTPUT.iso)
;        xorriso -as mkisofs -o test.iso -b boot.bin -no-emul-boot -boot-load-size 4 <dir with boot.bin and a padding file>
bits 16
org 0x7c00
%include "boot-sector.inc"

    BOOT_SETUP
    mov ax, 0x0003              ; 80x25 colour text mode (clears the screen)
    int 0x10
    mov si, banner
    call print

read_key:
    xor ah, ah                  ; wait for a key: AL = ASCII
    int 0x16
    cmp al, 13
    jne .echo
    mov si, newline
    call print
    jmp read_key
.echo:
    test al, al                 ; no ASCII (arrows, F-keys): ignore
    jz read_key
    call putc
    jmp read_key

    PRINT

putc:                           ; AL = character
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    ret

banner  db "KVMPORTAL TEST BOOT", 13, 10, 13, 10, "TYPED: ", 0
newline db 13, 10, "TYPED: ", 0

    BOOT_SIGNATURE

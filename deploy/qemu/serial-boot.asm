; KvmPortal serial test boot sector: a 512-byte El Torito (no emulation) boot image for the serial console's QEMU test.
; Sets COM1 (0x3F8) to 115200 8N1, prints a banner on it, then echoes every byte it receives on COM1; CR starts a new line.
; Build: deploy/qemu/build-test-iso.sh OUTPUT.iso deploy/qemu/serial-boot.asm
bits 16
org 0x7c00
%include "boot-sector.inc"

COM1 equ 0x3f8

    BOOT_SETUP
    mov dx, COM1 + 1            ; no interrupts
    xor al, al
    out dx, al
    mov dx, COM1 + 3            ; DLAB on
    mov al, 0x80
    out dx, al
    mov dx, COM1                ; divisor 1 = 115200 baud
    mov al, 1
    out dx, al
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3            ; 8N1, DLAB off
    mov al, 0x03
    out dx, al
    mov dx, COM1 + 2            ; FIFOs on and cleared
    mov al, 0xc7
    out dx, al
    mov dx, COM1 + 4            ; DTR, RTS
    mov al, 0x03
    out dx, al
    mov si, banner
    call print

receive:
    mov dx, COM1 + 5            ; line status: data ready?
    in al, dx
    test al, 1
    jz receive
    mov dx, COM1
    in al, dx
    cmp al, 13
    jne .echo
    mov si, newline
    call print
    jmp receive
.echo:
    call putc
    jmp receive

    PRINT

putc:                           ; AL = byte, sent when the transmitter is empty
    push ax
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    pop ax
    mov dx, COM1
    out dx, al
    ret

banner  db "KVMPORTAL SERIAL BOOT", 13, 10, "ECHO: ", 0
newline db 13, 10, "ECHO: ", 0

    BOOT_SIGNATURE

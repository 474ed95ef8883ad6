# The files KvmPortal puts on a system, one function each (printed on stdout): the one source for deploy/pi/install.sh
# (which writes them) and deploy/pi/package.sh (which ships them in the .deb). Settings, read when a function runs:
#   KVM_APP_DIR   where the app is (install.sh: /opt/kvmportal; the package: /usr/lib/kvmportal)
#   KVM_DOC       the installation guide the units point at
#   KVM_PROFILE   pi: Raspberry Pi (USB gadget, TC358743 capture, GPIO ATX); pc: x86 mini-PC (UVC dongle, serial HID)
#   KVM_BY        who wrote the file, for its header comment
# shellcheck shell=bash

KVM_APP_DIR=${KVM_APP_DIR:-/opt/kvmportal}
KVM_DOC=${KVM_DOC:-$KVM_APP_DIR/docs/install.md}
KVM_PROFILE=${KVM_PROFILE:-pi}
KVM_BY=${KVM_BY:-deploy/pi/install.sh}

# The units the profile installs, the web service last.
kvm_units() {
  if [ "$KVM_PROFILE" = pi ]; then echo kvmportal-gadget.service kvmportal-edid.service kvmportal.service
  else echo kvmportal.service; fi
}

write_gadget_unit() {
  cat <<EOF
# KvmPortal ($KVM_BY): builds the USB gadget (keyboard, mice, mass storage) in configfs as root,
# binds it to the UDC and hands the device nodes and LUN attribute files to the kvmportal user.
[Unit]
Description=KvmPortal USB gadget (configfs)
Documentation=file://$KVM_DOC
Wants=sys-kernel-config.mount
After=sys-kernel-config.mount systemd-modules-load.service
Before=kvmportal.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$KVM_APP_DIR/KvmPortal gadget up
ExecStop=$KVM_APP_DIR/KvmPortal gadget down
WorkingDirectory=$KVM_APP_DIR
Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPNETCORE_ENVIRONMENT=Production

[Install]
WantedBy=multi-user.target
EOF
}

write_edid_unit() {
  cat <<EOF
# KvmPortal ($KVM_BY): loads the EDID that the TC358743 HDMI bridge shows to the target server.
# The bridge has no EDID memory of its own: without this the server sees no display and sends no picture.
# Started at boot and by the udev rule when the capture device appears (70-kvmportal.rules).
[Unit]
Description=KvmPortal HDMI capture EDID (TC358743)
Documentation=file://$KVM_DOC
After=systemd-udevd.service systemd-modules-load.service
Before=kvmportal.service
ConditionPathExists=/dev/kvmportal-video

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/bin/v4l2-ctl --device=/dev/kvmportal-video --set-edid=file=/etc/kvmportal/tc358743-edid.hex
ExecStop=/usr/bin/v4l2-ctl --device=/dev/kvmportal-video --clear-edid

[Install]
WantedBy=multi-user.target
EOF
}

write_main_unit() {
  local wants=network-online.target
  [ "$KVM_PROFILE" != pi ] || wants="$wants kvmportal-gadget.service kvmportal-edid.service"
  cat <<EOF
# KvmPortal ($KVM_BY): the web app, unprivileged and sandboxed. Local changes: systemctl edit kvmportal
[Unit]
Description=KvmPortal IP-KVM
Documentation=file://$KVM_DOC
Wants=$wants
After=$wants

[Service]
# Ready (sd_notify READY=1) once the database is migrated and Kestrel listens; while running, KvmPortal sends WATCHDOG=1
# only as long as its health checks pass (video and HID not wedged), so a hung process is restarted.
Type=notify
NotifyAccess=main
WatchdogSec=30
# The first start on a Pi migrates the database and generates the TLS certificate.
TimeoutStartSec=180
User=kvmportal
Group=kvmportal
SupplementaryGroups=video gpio dialout
WorkingDirectory=$KVM_APP_DIR
ExecStart=$KVM_APP_DIR/KvmPortal
Environment=ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
Environment=KvmPortal__OverrideFile=/etc/kvmportal/override.json HOME=/var/lib/kvmportal
Restart=always
RestartSec=2
TimeoutStopSec=20
# Stopping: SIGTERM goes to KvmPortal alone; it quits QEMU through QMP and stops its other child processes itself (each
# gracefully, killed after its own timeout, all well within TimeoutStopSec), and anything still in the unit's cgroup then gets
# SIGKILL. With the default KillMode=control-group QEMU would receive SIGTERM at the same moment and end on the signal instead
# of QMP quit. If KvmPortal crashes or is killed, its children get their parent-death signal at once (see
# KvmPortal.Hardware/Processes/README.md) and systemd still kills whatever is left in the cgroup before the restart.
KillMode=mixed
SyslogIdentifier=kvmportal
UMask=0027

# Ports 443 and 80 without root: this one capability and nothing else.
AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes

# File system: everything read-only except the data folder and configfs (virtual-media LUN files, UDC).
ProtectSystem=strict
ReadWritePaths=/var/lib/kvmportal
# ProtectKernelTunables makes /sys read-only; configfs under it is opened again for the LUN writes. The "-" keeps
# the unit startable on a machine without configfs.
ProtectKernelTunables=yes
ReadWritePaths=-/sys/kernel/config
ProtectHome=yes
PrivateTmp=yes
ProtectControlGroups=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectHostname=yes
ProtectClock=yes
ProtectProc=invisible
LockPersonality=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
RestrictNamespaces=yes
RemoveIPC=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
# .NET's JIT needs executable memory it writes: MemoryDenyWriteExecute stays off.

# Devices: only the KVM hardware (plus the standard pseudo devices systemd always allows).
DevicePolicy=closed
DeviceAllow=char-hidg rw
DeviceAllow=char-video4linux rw
DeviceAllow=char-media rw
DeviceAllow=char-gpiochip rw
DeviceAllow=char-ttyACM rw
DeviceAllow=char-ttyUSB rw
DeviceAllow=char-ttyAMA rw
DeviceAllow=char-ttyS rw

[Install]
WantedBy=multi-user.target
EOF
}

write_udev_rules() {
  cat <<EOF
# KvmPortal ($KVM_BY): device access for the unprivileged kvmportal service.
# USB gadget HID devices (keyboard, absolute mouse, relative mouse): only KvmPortal may write them.
SUBSYSTEM=="hidg", KERNEL=="hidg[0-9]*", OWNER="root", GROUP="kvmportal", MODE="0660"
# Video capture (TC358743 through unicam, or a UVC dongle) and its sub-devices.
SUBSYSTEM=="video4linux", GROUP="video", MODE="0660"
SUBSYSTEM=="media", GROUP="video", MODE="0660"
# The TC358743's capture node gets a stable name, and loading it (re)loads the EDID.
SUBSYSTEM=="video4linux", ATTR{name}=="unicam-image", SYMLINK+="kvmportal-video", TAG+="systemd", ENV{SYSTEMD_WANTS}+="kvmportal-edid.service"
# GPIO character devices (ATX power and reset through optocouplers, LED sensing).
SUBSYSTEM=="gpio", KERNEL=="gpiochip[0-9]*", GROUP="gpio", MODE="0660"
# Serial HID (PiKVM-protocol Arduino or Pico bridge) and USB serial adapters.
SUBSYSTEM=="tty", KERNEL=="ttyACM[0-9]*|ttyUSB[0-9]*", GROUP="dialout", MODE="0660"
EOF
}

# The hardware profile (KVM_PROFILE) as /etc/kvmportal/override.json. Comments are allowed: .NET's JSON configuration
# reader skips them.
write_override() {
  local board hardware
  if [ "$KVM_PROFILE" = pi ]; then
    board="a Raspberry Pi"
    hardware='    // >>> Hardware backends (Pi 4: USB gadget on the USB-C port, TC358743 on CSI, ATX on gpiochip0).
    "Hid": { "Backend": "UsbGadget" },
    "Msd": { "Backend": "UsbGadget" },
    "Video": { "Backend": "V4l2", "Device": "/dev/video0" },
    "Atx": { "Backend": "Gpio", "GpioChip": "/dev/gpiochip0", "PowerSwitchPin": 23, "ResetSwitchPin": 27, "PowerLedPin": 24, "HddLedPin": 22 },
    "Wol": { "Backend": "Udp" }
    // <<< Hardware backends'
  else
    board="a PC"
    hardware='    // >>> Hardware backends (x86 mini-PC: UVC capture dongle, PiKVM serial HID on a Pico or Arduino; no USB gadget, no ATX).
    "Hid": { "Backend": "Serial", "SerialDevice": "/dev/ttyACM0" },
    "Msd": { "Backend": "Disabled" },
    "Video": { "Backend": "V4l2", "Device": "/dev/video0" },
    "Atx": { "Backend": "Disabled" },
    "Wol": { "Backend": "Udp" }
    // <<< Hardware backends'
  fi
  cat <<EOF
// KvmPortal on $board (written by $KVM_BY; upgrades never overwrite your changes).
// Keys: KvmPortal config show lists the effective configuration. No password belongs here:
// the first admin password is generated into /var/lib/kvmportal/initial-admin-password.
{
  "KvmPortal": {
    "DataDirectory": "/var/lib/kvmportal",
    "Tls": {
      "Enabled": true,
      "HttpsPort": 443,
      "HttpPort": 80,
      // Empty: a self-signed certificate is generated into /var/lib/kvmportal on first start.
      "CertificatePath": "",
      "KeyPath": ""
    },
$hardware
  }
}
EOF
}

# Kernel modules loaded at boot (Pi): the USB device controller and the configfs gadget framework.
write_modules_load() {
  printf '%s\n' "# KvmPortal ($KVM_BY): USB device controller and configfs gadget framework" dwc2 libcomposite
}

# EDID for the TC358743 (generated here byte by byte, see docs/install.md "EDID"): 128-byte EDID 1.3 base block plus a
# CEA-861 extension with an HDMI vendor block. Preferred mode 1920x1080 at 50 Hz (what two CSI-2 lanes carry), also
# 1920x1080 at 60 Hz (four-lane boards), 1280x720 at 60/50 Hz and the usual VGA-era modes. Printed as hex, 16 bytes a line.
edid_dtd() { # pclk(10 kHz) hact hblank vact vblank hfp hsync vfp vsync hmm vmm
  local p=$1 ha=$2 hb=$3 va=$4 vb=$5 hfp=$6 hs=$7 vfp=$8 vs=$9 hmm=${10} vmm=${11}
  echo $((p & 255)) $((p >> 8)) $((ha & 255)) $((hb & 255)) $((((ha >> 8) << 4) | (hb >> 8))) \
    $((va & 255)) $((vb & 255)) $((((va >> 8) << 4) | (vb >> 8))) $((hfp & 255)) $((hs & 255)) \
    $((((vfp & 15) << 4) | (vs & 15))) $((((hfp >> 8) << 6) | ((hs >> 8) << 4) | ((vfp >> 4) << 2) | (vs >> 4))) \
    $((hmm & 255)) $((vmm & 255)) $((((hmm >> 8) << 4) | (vmm >> 8))) 0 0 $((0x1E))
}
edid_text() { # TAG TEXT: a 18-byte display descriptor with up to 13 characters
  local tag=$1 text=$2 i
  local out=(0 0 0 "$tag" 0)
  for ((i = 0; i < 13; i++)); do
    if ((i < ${#text})); then out+=("$(printf '%d' "'${text:i:1}")")
    elif ((i == ${#text})); then out+=(10)
    else out+=(32); fi
  done
  echo "${out[@]}"
}
edid_print_block() { # BYTES...: appends the checksum and prints 16 bytes a line
  local bytes=("$@") sum=0 b i line=""
  for b in "${bytes[@]}"; do sum=$((sum + b)); done
  bytes+=($(((256 - sum % 256) % 256)))
  for ((i = 0; i < 128; i++)); do
    line+=$(printf '%02x' "${bytes[i]}")
    if (((i + 1) % 16 == 0)); then echo "$line"; line=""; fi
  done
}
# The descriptor helpers print plain numbers: splitting their output into array elements is intended.
# shellcheck disable=SC2207
write_edid() {
  # Chromaticity: sRGB primaries and D65 white as 10-bit fractions of 1024 (x, y in 1/10000).
  local c=() v
  for v in 6400 3300 3000 6000 1500 600 3127 3290; do c+=($(((v * 1024 + 5000) / 10000))); done
  local base=(0 255 255 255 255 255 255 0
    $((0x2E)) $((0xD0)) 1 0 0 0 0 0 47 36 1 3        # "KVP", product 1, serial 0, week 47 of 2026, EDID 1.3
    $((0x80)) 53 30 120 $((0x0E))                     # digital input, 53x30 cm, gamma 2.2, RGB, sRGB, preferred timing native
    $((((c[0] & 3) << 6) | ((c[1] & 3) << 4) | ((c[2] & 3) << 2) | (c[3] & 3)))
    $((((c[4] & 3) << 6) | ((c[5] & 3) << 4) | ((c[6] & 3) << 2) | (c[7] & 3)))
    $((c[0] >> 2)) $((c[1] >> 2)) $((c[2] >> 2)) $((c[3] >> 2)) $((c[4] >> 2)) $((c[5] >> 2)) $((c[6] >> 2)) $((c[7] >> 2))
    $((0x21)) $((0x08)) 0                             # established: 640x480@60, 800x600@60, 1024x768@60
    $((0x81)) $((0xC0)) $((0xD1)) $((0xC0)) $((0x81)) $((0x80)) $((0xB3)) 0 1 1 1 1 1 1 1 1  # 1280x720, 1920x1080, 1280x1024, 1680x1050 @60
    $(edid_dtd 14850 1920 720 1080 45 528 44 4 5 531 299)   # 1920x1080 @ 50 Hz (CEA VIC 31), preferred
    $(edid_dtd 14850 1920 280 1080 45 88 44 4 5 531 299)    # 1920x1080 @ 60 Hz (CEA VIC 16)
    0 0 0 $((0xFD)) 0 24 75 15 80 16 0 10 32 32 32 32 32 32   # range: 24-75 Hz, 15-80 kHz, 160 MHz
    $(edid_text $((0xFC)) KvmPortal)
    1)                                                # one extension block
  local cea=(2 3 28 $((0xC1))                         # CEA-861 rev 3, data blocks end at 28, underscan, basic audio, 1 native DTD
    $((0x46)) $((0x80 | 31)) 16 4 19 2 1               # video: 1080p50 (native), 1080p60, 720p60, 720p50, 480p, VGA
    $((0x23)) 9 7 7                                    # audio: LPCM 2 channels, 32/44.1/48 kHz, 16/20/24 bit
    $((0x83)) 1 0 0                                    # speakers: front left/right
    $((0x65)) 3 12 0 16 0                              # HDMI vendor block (OUI 00-0C-03), physical address 1.0.0.0
    $((0xE2)) 0 $((0x40)))                             # video capability: RGB quantization range selectable
  while [ "${#cea[@]}" -lt 127 ]; do cea+=(0); done
  edid_print_block "${base[@]}"
  edid_print_block "${cea[@]}"
}

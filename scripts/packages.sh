# Debian packages Crashcart needs, by purpose. Sourced by setup-host.sh.
# Build and test tooling.
CRASHCART_BUILD_PACKAGES=(
  e2fsprogs          # e2fsck/mke2fs/resize2fs: the judge of every image, and the benchmark's reference
  docker.io          # a real Docker daemon for the sideloader tests
  busybox-static     # test images and the tests' small toolbox
  patchelf           # relocation of toolbox binaries
  gcc libc6-dev      # static "distroless" test binary; struct layout checks against kernel headers
  util-linux         # losetup, mount, nsenter, setpriv, script
  tmux               # drives the interactive shell test through a real pseudo-terminal
  hyperfine time     # benchmarks: timings and peak RSS
  iproute2 procps psmisc
)
# What goes into the default toolbox image (toolbox-manifest.yaml).
CRASHCART_TOOLBOX_PACKAGES=(
  bash dash coreutils findutils grep sed gawk less vim-tiny procps psmisc util-linux debianutils libc-bin
  strace ltrace gdb tcpdump iproute2 iputils-ping lsof curl netcat-openbsd
  bind9-dnsutils file libmagic-mgc tar gzip htop ncurses-base ncurses-term python3.11
  bsdextrautils      # hexdump (util-linux basics); only a Recommends of bsdutils
)

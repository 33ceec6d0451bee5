// What kind of object an inode or directory entry is, as the reader reports it.
namespace Crashcart.Ext3;

public enum Ext3FileType { Unknown, RegularFile, Directory, CharDevice, BlockDevice, Fifo, Socket, Symlink }

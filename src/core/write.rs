//! Writing files so that nothing is lost: every write goes to a locked temporary file beside
//! the target (`.NAME.tmp-XXXXXX`), is synced, and is renamed over the target in one step.
//!
//! Before anything is written the target is checked: a symbolic link is followed to the
//! file it names (creating it, as the shell does, when it does not exist yet), anything that
//! is not a regular file (a folder, a pipe, a device) is refused, as are a read-only file, an
//! existing file the caller may not replace, and a file the command is reading. A replaced
//! file keeps its permissions and, where the system allows, its owner and group. Temporary
//! files that an interrupted save left behind are removed at the next save of that file.

use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

/// How a write may treat what is already there.
#[derive(Clone, Copy, Debug, Default)]
pub struct WriteOptions<'a> {
    /// Whether an existing file may be replaced (the app's Save, `--force`).
    pub may_replace: bool,
    /// Whether the replaced file is kept as `NAME.bak`.
    pub keep_backup: bool,
    /// Files the command reads: the output must be none of them.
    pub inputs: &'a [&'a Path],
}

/// Why a file was not written. In every case the target is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and the caller did not ask to replace it.
    #[error("the file exists and was not replaced: {}", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// The output is one of the command's inputs (perhaps by another name or a link).
    #[error("the output is the input file {}; choose another name: {}", input.display(), path.display())]
    IsInput {
        /// The output as named.
        path: PathBuf,
        /// The input it would replace.
        input: PathBuf,
    },
    /// The file may not be written (no write permission).
    #[error("the file is read-only; save under another name: {}", path.display())]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// The target is a folder, a pipe, a device or a socket, not a regular file.
    #[error("cannot replace {kind} with a file: {}", path.display())]
    NotRegular {
        /// The target.
        path: PathBuf,
        /// What it is.
        kind: FileKind,
    },
    /// The folder to write in does not exist.
    #[error("the folder does not exist: {}", path.display())]
    NoFolder {
        /// The folder.
        path: PathBuf,
    },
    /// Symbolic links that lead back to themselves.
    #[error("the symbolic link leads round in a loop: {}", path.display())]
    LinkLoop {
        /// The link.
        path: PathBuf,
    },
    /// The system refused.
    #[error("{action} failed ({reason}): {}", path.display())]
    Io {
        /// What was being done.
        action: Step,
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
}

/// A step of writing a file, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Following a symbolic link.
    ReadLink,
    /// Looking at what is there.
    Look,
    /// Creating the temporary file.
    CreateTemp,
    /// Locking it.
    LockTemp,
    /// Writing it.
    WriteTemp,
    /// Syncing it to disk.
    SyncTemp,
    /// Giving it the replaced file's permissions.
    SetPermissions,
    /// Keeping the replaced file as a backup.
    KeepBackup,
    /// Renaming it over the target.
    Replace,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Step::ReadLink => "reading the symbolic link",
            Step::Look => "looking at the file",
            Step::CreateTemp => "creating a temporary file",
            Step::LockTemp => "locking the temporary file",
            Step::WriteTemp => "writing the temporary file",
            Step::SyncTemp => "syncing the temporary file",
            Step::SetPermissions => "setting permissions",
            Step::KeepBackup => "keeping the backup",
            Step::Replace => "replacing the file",
        })
    }
}

impl WriteError {
    fn io(action: Step, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
        let path = path.to_owned();
        move |reason| WriteError::Io {
            action,
            path,
            reason,
        }
    }
}

/// The most symbolic links followed before a chain counts as a loop (Linux's limit).
const MAX_LINKS: usize = 40;

/// The file a write to `path` lands in: `path` itself, or the end of its chain of symbolic
/// links (which may not exist yet).
pub fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let mut current = path.to_owned();
    for _ in 0..=MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)
                    .map_err(WriteError::io(Step::ReadLink, &current))?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(WriteError::io(Step::Look, &current)(e)),
        }
    }
    Err(WriteError::LinkLoop {
        path: path.to_owned(),
    })
}

/// What a file that is not a regular file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A folder.
    Folder,
    /// A named pipe.
    Fifo,
    /// A character or block device.
    Device,
    /// A socket.
    Socket,
    /// Anything else.
    Other,
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Folder => "a folder",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Device => "a device",
            FileKind::Socket => "a socket",
            FileKind::Other => "something that is not a regular file",
        })
    }
}

fn kind_of(meta: &Metadata) -> FileKind {
    let t = meta.file_type();
    if t.is_dir() {
        return FileKind::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return FileKind::Fifo;
        }
        if t.is_char_device() || t.is_block_device() {
            return FileKind::Device;
        }
        if t.is_socket() {
            return FileKind::Socket;
        }
    }
    FileKind::Other
}

/// Whether the file's permissions forbid writing it: no write bit at all (respected even
/// by an administrator), or the system refuses to open it for writing.
fn is_read_only(path: &Path, meta: &Metadata) -> bool {
    if meta.permissions().readonly() {
        return true;
    }
    // Opening without truncating changes nothing; the file is a regular file, so this
    // cannot block the way opening a pipe would.
    matches!(
        std::fs::OpenOptions::new().write(true).open(path),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
    )
}

/// Whether two paths name the same file (same device and inode, or the same canonical path).
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Checks that `path` may be written under `options`, and returns the file the write
/// lands in with what is there now.
pub fn check_target(
    path: &Path,
    options: &WriteOptions,
) -> Result<(PathBuf, Option<Metadata>), WriteError> {
    let target = resolve(path)?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::io(Step::Look, &target)(e)),
    };
    let Some(meta) = existing else {
        let folder = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(WriteError::NoFolder {
                path: folder.to_owned(),
            });
        }
        return Ok((target, None));
    };
    if !meta.file_type().is_file() {
        return Err(WriteError::NotRegular {
            path: path.to_owned(),
            kind: kind_of(&meta),
        });
    }
    if let Some(input) = options.inputs.iter().find(|i| is_same_file(i, &target)) {
        return Err(WriteError::IsInput {
            path: path.to_owned(),
            input: input.to_path_buf(),
        });
    }
    if !options.may_replace {
        return Err(WriteError::Exists {
            path: path.to_owned(),
        });
    }
    if is_read_only(&target, &meta) {
        return Err(WriteError::ReadOnly {
            path: path.to_owned(),
        });
    }
    Ok((target, Some(meta)))
}

/// The backup kept beside `path`: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// The start of the names of temporary files written for `name`: `.NAME.tmp-`.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Whether `file` is a temporary file that a save of `name` wrote: `.NAME.tmp-XXXXXX`, or
/// `.NAME.XXXXXX.tmp` as plandraft 0.1 named them.
fn is_own_temp(file: &str, name: &str) -> bool {
    let is_random = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if let Some(rest) = file.strip_prefix(&temp_prefix(name)) {
        return is_random(rest);
    }
    file.strip_prefix(&format!(".{name}."))
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(is_random)
}

/// Removes temporary files of `name` in `dir` that no running save holds: a save locks its
/// temporary file for as long as it writes, and the lock goes when its process ends.
/// Returns how many were removed.
pub fn remove_stale_temps(dir: &Path, name: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if !is_own_temp(file_name, name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = File::open(&path) else {
            continue;
        };
        // Held by a save in progress: leave it.
        if file.try_lock().is_err() {
            continue;
        }
        if std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A temporary file beside the target, locked for as long as it is written.
fn locked_temp(dir: &Path, name: &str) -> Result<tempfile::NamedTempFile, WriteError> {
    loop {
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(name))
            .rand_bytes(6)
            .tempfile_in(dir)
            .map_err(WriteError::io(Step::CreateTemp, dir))?;
        tmp.as_file()
            .lock()
            .map_err(WriteError::io(Step::LockTemp, tmp.path()))?;
        // Another save's clean-up may have taken the file between its creation and the
        // lock; only a file still in place is ours to write.
        if still_in_place(&tmp) {
            return Ok(tmp);
        }
    }
}

fn still_in_place(tmp: &tempfile::NamedTempFile) -> bool {
    let Ok(in_place) = std::fs::metadata(tmp.path()) else {
        return false;
    };
    let Ok(held) = tmp.as_file().metadata() else {
        return false;
    };
    same_identity(&in_place, &held)
}

#[cfg(unix)]
fn same_identity(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_identity(_a: &Metadata, _b: &Metadata) -> bool {
    // Windows does not delete a file another process holds open.
    true
}

/// Gives the new file the replaced file's owner and group where the system allows (as the
/// administrator, or the group for a member of it); otherwise it keeps the writer's.
#[cfg(unix)]
fn keep_owner(file: &File, old: &Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _old: &Metadata) {}

#[cfg(unix)]
fn set_default_permissions(file: &File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_file: &File) -> std::io::Result<()> {
    Ok(())
}

/// Makes the rename durable. Folders cannot be opened for syncing on every system; a
/// failure here leaves a complete file either way, so it is ignored.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Writes `bytes` to `path` atomically under `options`: checked, written to a locked
/// temporary file, synced and renamed over the target; with `keep_backup` the previous
/// file is kept as `NAME.bak`. On any error the target is left as it was.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    options: &WriteOptions,
) -> Result<(), WriteError> {
    write_with(path, options, |file| file.write_all(bytes))
}

/// Like [`write_atomically`], with the content written by `write` into the temporary file
/// (so large outputs need not be held in memory first).
pub fn write_with(
    path: &Path,
    options: &WriteOptions,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let (target, existing) = check_target(path, options)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    remove_stale_temps(&dir, &name);
    let mut tmp = locked_temp(&dir, &name)?;
    write(tmp.as_file_mut()).map_err(WriteError::io(Step::WriteTemp, tmp.path()))?;
    tmp.as_file()
        .sync_all()
        .map_err(WriteError::io(Step::SyncTemp, tmp.path()))?;
    match &existing {
        Some(meta) => {
            // Keep the file's permissions and owner, which matter in shared folders.
            tmp.as_file()
                .set_permissions(meta.permissions())
                .map_err(WriteError::io(Step::SetPermissions, tmp.path()))?;
            keep_owner(tmp.as_file(), meta);
            if options.keep_backup {
                // Keep the old file until the new one is on disk.
                let bak = backup_path(&target);
                let _ = std::fs::remove_file(&bak);
                if std::fs::hard_link(&target, &bak).is_err() {
                    std::fs::copy(&target, &bak).map_err(WriteError::io(Step::KeepBackup, &bak))?;
                }
            }
        }
        None => set_default_permissions(tmp.as_file())
            .map_err(WriteError::io(Step::SetPermissions, tmp.path()))?,
    }
    tmp.persist(&target).map_err(|e| WriteError::Io {
        action: Step::Replace,
        path: target.clone(),
        reason: e.error,
    })?;
    sync_dir(&dir);
    Ok(())
}

#[cfg(test)]
mod tests;

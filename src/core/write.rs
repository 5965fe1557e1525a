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
        /// What was being done ("creating a temporary file", "replacing the file", …).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
}

impl WriteError {
    fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
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
                    .map_err(WriteError::io("reading the symbolic link", &current))?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(WriteError::io("looking at the file", &current)(e)),
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
        Err(e) => return Err(WriteError::io("looking at the file", &target)(e)),
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
            .map_err(WriteError::io("creating a temporary file", dir))?;
        tmp.as_file()
            .lock()
            .map_err(WriteError::io("locking the temporary file", tmp.path()))?;
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
    write(tmp.as_file_mut()).map_err(WriteError::io("writing the temporary file", tmp.path()))?;
    tmp.as_file()
        .sync_all()
        .map_err(WriteError::io("syncing the temporary file", tmp.path()))?;
    match &existing {
        Some(meta) => {
            // Keep the file's permissions and owner, which matter in shared folders.
            tmp.as_file()
                .set_permissions(meta.permissions())
                .map_err(WriteError::io("setting permissions", tmp.path()))?;
            keep_owner(tmp.as_file(), meta);
            if options.keep_backup {
                // Keep the old file until the new one is on disk.
                let bak = backup_path(&target);
                let _ = std::fs::remove_file(&bak);
                if std::fs::hard_link(&target, &bak).is_err() {
                    std::fs::copy(&target, &bak)
                        .map_err(WriteError::io("keeping the backup", &bak))?;
                }
            }
        }
        None => set_default_permissions(tmp.as_file())
            .map_err(WriteError::io("setting permissions", tmp.path()))?,
    }
    tmp.persist(&target).map_err(|e| WriteError::Io {
        action: "replacing the file",
        path: target.clone(),
        reason: e.error,
    })?;
    sync_dir(&dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace() -> WriteOptions<'static> {
        WriteOptions {
            may_replace: true,
            keep_backup: true,
            inputs: &[],
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn existing_files_are_replaced_only_when_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomically(&path, b"one", &WriteOptions::default()).unwrap();
        let err = write_atomically(&path, b"two", &WriteOptions::default()).unwrap_err();
        assert!(matches!(err, WriteError::Exists { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomically(&path, b"two", &replace()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"one");
        assert_eq!(names(dir.path()), ["a.txt", "a.txt.bak"]);
    }

    #[test]
    fn an_input_is_never_the_output_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.txt");
        std::fs::write(&input, "原文").unwrap();
        let other_name = dir.path().join(".").join("in.txt");
        let options = WriteOptions {
            inputs: &[&input],
            ..replace()
        };
        let err = write_atomically(&other_name, b"x", &options).unwrap_err();
        assert!(matches!(err, WriteError::IsInput { .. }), "{err}");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            let err = write_atomically(&link, b"x", &options).unwrap_err();
            assert!(matches!(err, WriteError::IsInput { .. }), "{err}");
            let hard = dir.path().join("hard.txt");
            std::fs::hard_link(&input, &hard).unwrap();
            let err = write_atomically(&hard, b"x", &options).unwrap_err();
            assert!(matches!(err, WriteError::IsInput { .. }), "{err}");
        }
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "原文");
    }

    #[cfg(unix)]
    #[test]
    fn read_only_files_are_refused_and_modes_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.ron");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_atomically(&path, b"new", &replace()).unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("read-only"));
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        let shared = dir.path().join("shared.ron");
        std::fs::write(&shared, "old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomically(&shared, b"new", &replace()).unwrap();
        let mode = std::fs::metadata(&shared).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o664);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through_and_special_files_refused() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.txt");
        symlink("real.txt", &link).unwrap();
        write_atomically(&link, b"new", &replace()).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");

        // A dangling link is written through: the file it names is created.
        let dangling = dir.path().join("dangling.txt");
        symlink("made.txt", &dangling).unwrap();
        write_atomically(&dangling, b"made", &replace()).unwrap();
        assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
        assert_eq!(std::fs::read(dir.path().join("made.txt")).unwrap(), b"made");

        let a = dir.path().join("loop-a");
        let b = dir.path().join("loop-b");
        symlink(&b, &a).unwrap();
        symlink(&a, &b).unwrap();
        let err = write_atomically(&a, b"x", &replace()).unwrap_err();
        assert!(matches!(err, WriteError::LinkLoop { .. }), "{err}");
        assert!(std::fs::symlink_metadata(&a).unwrap().is_symlink());

        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        let err = write_atomically(&folder, b"x", &replace()).unwrap_err();
        assert!(
            matches!(
                err,
                WriteError::NotRegular {
                    kind: FileKind::Folder,
                    ..
                }
            ),
            "{err}"
        );

        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = write_atomically(&fifo, b"x", &replace()).unwrap_err();
            assert!(matches!(err, WriteError::NotRegular { .. }), "{err}");
            assert!(err.to_string().contains("FIFO"), "{err}");
            let t = std::fs::symlink_metadata(&fifo).unwrap().file_type();
            assert!(std::os::unix::fs::FileTypeExt::is_fifo(&t));
        }
        let err = write_atomically(Path::new("/dev/null"), b"x", &replace()).unwrap_err();
        assert!(
            matches!(
                err,
                WriteError::NotRegular {
                    kind: FileKind::Device,
                    ..
                }
            ),
            "{err}"
        );
        let no_temps = names(dir.path()).iter().all(|n| !n.contains(".tmp"));
        assert!(no_temps, "{:?}", names(dir.path()));
    }

    #[test]
    fn stale_temporary_files_go_and_held_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        std::fs::write(dir.path().join(".plan.ron.tmp-a1B2c3"), "half").unwrap();
        std::fs::write(dir.path().join(".plan.ron.Xy12Zq.tmp"), "old style").unwrap();
        // Not ours: another file's temporary, and a user's file.
        std::fs::write(dir.path().join(".other.ron.tmp-a1B2c3"), "x").unwrap();
        std::fs::write(dir.path().join(".plan.ron.tmp-notes.txt"), "x").unwrap();
        // A save in progress holds its lock.
        let held = dir.path().join(".plan.ron.tmp-HELD00");
        let file = File::create(&held).unwrap();
        file.lock().unwrap();
        write_atomically(&path, b"new", &replace()).unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ".other.ron.tmp-a1B2c3",
                ".plan.ron.tmp-HELD00",
                ".plan.ron.tmp-notes.txt",
                "plan.ron"
            ]
        );
        // Unlocking releases the lock even where a process started by another test
        // inherited the descriptor for a moment.
        file.unlock().unwrap();
        assert_eq!(remove_stale_temps(dir.path(), "plan.ron"), 1);
    }
}

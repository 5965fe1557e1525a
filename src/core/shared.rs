//! Files a team shares (a shared folder, mail, git): never overwriting a colleague's save.
//!
//! Two things guard a document `NAME.ron`, both through its lock file `.~lock.NAME.ron#`
//! beside it (LibreOffice's name and idea):
//! - **Writes are one at a time.** Every writer holds an exclusive system lock on the lock
//!   file while it reads, compares and replaces the document ([`WriteGuard`]), so two
//!   `plandraft draft` commands at the same moment run one after the other and the second
//!   builds on the first's file. A crashed writer's system lock goes with its process.
//! - **Who is editing is written down.** While the app has a document open, the lock file
//!   names the user, host, process and time ([`Holder`]), refreshed every minute; another
//!   app that opens the file is told, and a holder whose process is gone (on this host) or
//!   who has not refreshed for [`STALE_AFTER_S`] seconds no longer counts.
//!
//! And what plandraft read is remembered ([`DiskState`]: the content's SHA-256 and length,
//! not the time, which network shares get wrong), so a save can tell that someone else
//! replaced the file meanwhile and refuse to overwrite it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// A holder who has not refreshed the lock file for this long is taken to be gone.
pub const STALE_AFTER_S: u64 = 5 * 60;

/// How often the app refreshes the lock file of the document it has open.
pub const REFRESH_EVERY_S: u64 = 60;

/// What a file held when plandraft last read or wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskState {
    hash: [u8; 32],
    len: u64,
}

impl DiskState {
    /// The state of a file holding `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self {
            hash: Sha256::digest(bytes).into(),
            len: bytes.len() as u64,
        }
    }

    /// The state of the file at `path` now; None when there is no file.
    pub fn read(path: &Path) -> Result<Option<Self>, SharedError> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(Self::of(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(reason) => Err(SharedError::Io {
                action: LockStep::ReadDocument,
                path: path.to_owned(),
                reason,
            }),
        }
    }

    /// The content hash in hex.
    pub fn hex(&self) -> String {
        self.hash.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Someone who has a document open for editing, as its lock file says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// Their user name.
    pub user: String,
    /// Their computer's name.
    pub host: String,
    /// The process of their plandraft.
    pub pid: u32,
    /// When they opened the document (seconds since 1970).
    pub since_s: u64,
    /// When their plandraft last said it still has it open.
    pub refreshed_s: u64,
}

impl Holder {
    /// This process, as the holder of a document opened now.
    pub fn me(user: &str) -> Self {
        let now = now_s();
        Self {
            user: user.to_owned(),
            host: this_host(),
            pid: std::process::id(),
            since_s: now,
            refreshed_s: now,
        }
    }

    /// Whether this is this process.
    pub fn is_me(&self) -> bool {
        self.host == this_host() && self.pid == std::process::id()
    }

    /// Whether the holder is gone: not refreshed for [`STALE_AFTER_S`], or its process has
    /// ended on this host.
    pub fn is_stale(&self) -> bool {
        let now = now_s();
        now.saturating_sub(self.refreshed_s) > STALE_AFTER_S
            || (self.host == this_host() && !is_running(self.pid))
    }

    /// When the holder opened the document.
    pub fn since(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.since_s)
    }

    fn to_text(&self) -> String {
        // One field a line: names may hold any character but a line break.
        let clean = |s: &str| s.replace(['\n', '\r'], " ");
        format!(
            "plandraft lock\nuser={}\nhost={}\npid={}\nsince={}\nrefreshed={}\n",
            clean(&self.user),
            clean(&self.host),
            self.pid,
            self.since_s,
            self.refreshed_s
        )
    }

    fn from_text(text: &str) -> Option<Self> {
        let mut lines = text.lines();
        if lines.next()? != "plandraft lock" {
            return None;
        }
        let mut holder = Holder {
            user: String::new(),
            host: String::new(),
            pid: 0,
            since_s: 0,
            refreshed_s: 0,
        };
        for line in lines {
            let (key, value) = line.split_once('=')?;
            match key {
                "user" => holder.user = value.to_owned(),
                "host" => holder.host = value.to_owned(),
                "pid" => holder.pid = value.parse().ok()?,
                "since" => holder.since_s = value.parse().ok()?,
                "refreshed" => holder.refreshed_s = value.parse().ok()?,
                _ => {}
            }
        }
        Some(holder)
    }
}

/// What was being done with a shared file when the system refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockStep {
    /// Opening (or making) the lock file.
    OpenLock,
    /// Taking the lock.
    Lock,
    /// Writing who has the document open.
    WriteLock,
    /// Reading the document to see whether it changed.
    ReadDocument,
}

impl std::fmt::Display for LockStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LockStep::OpenLock => "opening the lock file",
            LockStep::Lock => "locking",
            LockStep::WriteLock => "writing the lock file",
            LockStep::ReadDocument => "reading",
        })
    }
}

/// Why a shared file could not be locked or checked.
#[derive(Debug, thiserror::Error)]
pub enum SharedError {
    /// The system refused.
    #[error("{action} failed ({reason}): {}", path.display())]
    Io {
        /// What was being done.
        action: LockStep,
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
}

/// The lock file of `doc`: `.~lock.NAME#` beside it.
pub fn lock_path(doc: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".~lock.");
    name.push(doc.file_name().unwrap_or_default());
    name.push("#");
    doc.with_file_name(name)
}

/// The exclusive right to write a document, held for one read-compare-replace. Dropping it
/// lets the next writer in; the lock file goes with it unless someone has the document open.
pub struct WriteGuard {
    file: File,
    path: PathBuf,
}

impl WriteGuard {
    /// Waits for the other writers of `doc` and takes the lock; None when no lock file can
    /// be made there (a missing or read-only folder, where the write will fail and say why).
    pub fn try_acquire(doc: &Path) -> Result<Option<Self>, SharedError> {
        match Self::acquire(doc) {
            Ok(guard) => Ok(Some(guard)),
            Err(SharedError::Io { reason, .. })
                if matches!(
                    reason.kind(),
                    std::io::ErrorKind::NotFound
                        | std::io::ErrorKind::PermissionDenied
                        | std::io::ErrorKind::ReadOnlyFilesystem
                        | std::io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Waits for the other writers of `doc` and takes the lock.
    pub fn acquire(doc: &Path) -> Result<Self, SharedError> {
        let path = lock_path(doc);
        let io = |action| {
            let path = path.clone();
            move |reason| SharedError::Io {
                action,
                path,
                reason,
            }
        };
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io(LockStep::OpenLock))?;
            file.lock().map_err(io(LockStep::Lock))?;
            // The writer before may have removed the lock file while this one waited: the
            // lock then belongs to a file no one else will open, so take the new one.
            let held = same_file::Handle::from_file(file.try_clone().map_err(io(LockStep::Lock))?);
            let named = same_file::Handle::from_path(&path);
            match (held, named) {
                (Ok(a), Ok(b)) if a == b => return Ok(Self { file, path }),
                _ => continue,
            }
        }
    }

    /// Who has the document open, if anyone does (and is not gone).
    pub fn holder(&mut self) -> Option<Holder> {
        let mut text = String::new();
        self.file.seek(SeekFrom::Start(0)).ok()?;
        self.file.read_to_string(&mut text).ok()?;
        Holder::from_text(&text).filter(|h| !h.is_stale())
    }

    /// Writes who has the document open (None: nobody).
    fn set_holder(&mut self, holder: Option<&Holder>) -> Result<(), SharedError> {
        let text = holder.map(Holder::to_text).unwrap_or_default();
        let result = (|| {
            self.file.set_len(0)?;
            self.file.seek(SeekFrom::Start(0))?;
            self.file.write_all(text.as_bytes())?;
            self.file.sync_data()
        })();
        result.map_err(|reason| SharedError::Io {
            action: LockStep::WriteLock,
            path: self.path.clone(),
            reason,
        })
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        // Nobody has the document open: the lock file goes, still locked, so a writer that
        // waited for it sees it gone and takes a new one.
        if self.holder().is_none() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What opening a document for editing found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The document is this process's to edit; the lock file says so.
    Ours,
    /// Someone else has it open.
    HeldBy(Holder),
}

/// Says in the lock file of `doc` that `me` has it open, unless someone else (not gone)
/// has; then says who.
pub fn claim(doc: &Path, me: &Holder) -> Result<Claim, SharedError> {
    let mut guard = WriteGuard::acquire(doc)?;
    match guard.holder() {
        Some(other) if !other.is_me() => Ok(Claim::HeldBy(other)),
        _ => {
            guard.set_holder(Some(me))?;
            Ok(Claim::Ours)
        }
    }
}

/// Tells the lock file of `doc` that this process still has it open (every
/// [`REFRESH_EVERY_S`] seconds), if the lock file names it.
pub fn refresh(doc: &Path) -> Result<(), SharedError> {
    let mut guard = WriteGuard::acquire(doc)?;
    if let Some(mut me) = guard.holder().filter(Holder::is_me) {
        me.refreshed_s = now_s();
        guard.set_holder(Some(&me))?;
    }
    Ok(())
}

/// Says in the lock file of `doc` that this process no longer has it open (the lock file
/// goes), if it names this process.
pub fn release(doc: &Path) -> Result<(), SharedError> {
    let mut guard = WriteGuard::acquire(doc)?;
    if guard.holder().is_some_and(|h| h.is_me()) {
        guard.set_holder(None)?;
    }
    Ok(())
}

/// Who has `doc` open, if anyone, without taking any lock (for showing it).
pub fn holder_of(doc: &Path) -> Option<Holder> {
    let text = std::fs::read_to_string(lock_path(doc)).ok()?;
    Holder::from_text(&text).filter(|h| !h.is_stale())
}

fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// This computer's name.
pub fn this_host() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

/// Whether process `pid` runs on this host. Where that cannot be told, it is taken to run
/// (and the holder goes stale by time).
fn is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests;

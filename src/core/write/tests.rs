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

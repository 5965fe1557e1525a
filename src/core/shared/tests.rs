use super::*;

fn other(refreshed_s: u64) -> Holder {
    Holder {
        user: "李四".into(),
        host: "another-host".into(),
        pid: 4242,
        since_s: refreshed_s,
        refreshed_s,
    }
}

fn write_holder(doc: &Path, holder: &Holder) {
    std::fs::write(lock_path(doc), holder.to_text()).unwrap();
}

#[test]
fn the_lock_file_is_named_as_libreoffice_names_it() {
    assert_eq!(
        lock_path(Path::new("/x/规划.ron")),
        Path::new("/x/.~lock.规划.ron#")
    );
}

#[test]
fn a_holder_reads_back_as_written() {
    let me = Holder::me("张三");
    assert!(me.is_me() && !me.is_stale());
    assert_eq!(Holder::from_text(&me.to_text()), Some(me));
    assert_eq!(Holder::from_text("(something else)"), None);
    // A line break in a name cannot make a field of its own.
    let odd = Holder::me("张\nhost=x");
    let back = Holder::from_text(&odd.to_text()).unwrap();
    assert_eq!(back.host, this_host());
}

#[test]
fn claiming_says_who_else_has_it_and_takes_over_from_the_gone() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("规划.ron");
    let me = Holder::me("张三");
    // Nobody: it is ours, and the lock file says so.
    assert_eq!(claim(&doc, &me).unwrap(), Claim::Ours);
    assert_eq!(holder_of(&doc), Some(me.clone()));
    // Released: the lock file goes.
    release(&doc).unwrap();
    assert!(!lock_path(&doc).exists());

    // Someone else, refreshed a minute ago: theirs.
    let colleague = other(now_s() - 60);
    write_holder(&doc, &colleague);
    assert_eq!(claim(&doc, &me).unwrap(), Claim::HeldBy(colleague.clone()));
    // Releasing does not take their lock away.
    release(&doc).unwrap();
    assert_eq!(holder_of(&doc), Some(colleague));

    // Someone who has not refreshed for longer than STALE_AFTER_S: gone.
    write_holder(&doc, &other(now_s() - STALE_AFTER_S - 10));
    assert_eq!(holder_of(&doc), None);
    assert_eq!(claim(&doc, &me).unwrap(), Claim::Ours);
}

#[test]
fn a_holder_whose_process_ended_on_this_host_is_gone() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("规划.ron");
    // A process that has ended: a child that ran and was waited for.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let crashed = Holder {
        host: this_host(),
        pid,
        ..other(now_s())
    };
    write_holder(&doc, &crashed);
    assert!(crashed.is_stale());
    assert_eq!(claim(&doc, &Holder::me("张三")).unwrap(), Claim::Ours);
}

#[test]
fn a_writer_with_nobody_editing_leaves_no_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("规划.ron");
    let guard = WriteGuard::acquire(&doc).unwrap();
    assert!(lock_path(&doc).exists());
    drop(guard);
    assert!(!lock_path(&doc).exists());
}

#[test]
fn writers_take_turns() {
    // Threads stand in for processes: each opens the lock file itself, and the system lock
    // belongs to the open file, so they exclude each other as processes do.
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("规划.ron");
    let counter = dir.path().join("counter");
    std::fs::write(&counter, "0").unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (doc, counter) = (doc.clone(), counter.clone());
            std::thread::spawn(move || {
                for _ in 0..25 {
                    let _guard = WriteGuard::acquire(&doc).unwrap();
                    let n: u32 = std::fs::read_to_string(&counter).unwrap().parse().unwrap();
                    std::thread::yield_now();
                    std::fs::write(&counter, (n + 1).to_string()).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(std::fs::read_to_string(&counter).unwrap(), "200");
    assert!(!lock_path(&doc).exists());
}

#[test]
fn a_disk_state_tells_content_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ron");
    assert_eq!(DiskState::read(&path).unwrap(), None);
    std::fs::write(&path, "甲").unwrap();
    let first = DiskState::read(&path).unwrap().unwrap();
    assert_eq!(first, DiskState::of("甲".as_bytes()));
    std::fs::write(&path, "乙").unwrap();
    assert_ne!(DiskState::read(&path).unwrap(), Some(first));
    assert_eq!(first.hex().len(), 64);
}

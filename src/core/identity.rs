//! Identity that survives copying: a document's lineage (copies of one document share it,
//! so plandraft knows two files are versions of one document), section ids that two copies
//! never both hand out, and a content hash that names a state of a document wherever it is.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::document::Document;

/// How far, at most, a session moves the next section id on before it adds sections: two
/// copies that both add sections hand out ids from places this far apart at random, so
/// they collide only if both land within a few ids of each other (about one chance in a
/// hundred million for a hundred new sections).
pub const ID_JUMP: u64 = 1 << 32;

/// A random number from the system's randomness (through std's randomly keyed hasher).
pub fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// A new lineage: 128 random bits in hex.
pub fn new_lineage() -> String {
    format!("{:016x}{:016x}", random_u64(), random_u64())
}

/// Whether `text` is a lineage as plandraft writes them (32 hex digits).
pub fn is_lineage(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The next id to hand out after a random jump past `next_id` (see [`ID_JUMP`]).
pub fn jump_ids(next_id: u64) -> u64 {
    let jump = 1 + random_u64() % ID_JUMP;
    // Far from the end of the id space in any real document; never wraps round.
    next_id.checked_add(jump).unwrap_or(next_id)
}

/// A name for a state of a document: the SHA-256 of its content, in hex. Two copies hold
/// the same state exactly when their hashes are equal.
///
/// Comments are not part of a state: a copy that was only commented on still holds the
/// state it was sent as.
pub fn content_hash(document: &Document) -> String {
    /// The document without its comments, borrowed: hashing never copies the text.
    #[derive(serde::Serialize)]
    struct State<'a> {
        title: &'a [String],
        stage: &'a Option<String>,
        numbering: &'a super::numbering::NumberingScheme,
        preamble: &'a [super::document::Paragraph],
        sections: &'a [super::document::Section],
        next_id: u64,
        conflicts: &'a [super::merge::Conflict],
    }
    let Document {
        title,
        stage,
        numbering,
        preamble,
        sections,
        next_id,
        conflicts,
        comments: _,
    } = document;
    let state = State {
        title,
        stage,
        numbering,
        preamble,
        sections,
        next_id: *next_id,
        conflicts,
    };
    // JSON, not RON: the same structure, written many times faster for Chinese text (RON
    // checks every character for escaping); the hash is compared, never stored.
    let mut hasher = Sha256::new();
    if serde_json::to_writer(&mut hasher, &state).is_err() {
        // Writing to a hasher cannot fail; a document that cannot be written has no state.
        return String::new();
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lineages_are_new_each_time_and_recognised() {
        let (a, b) = (new_lineage(), new_lineage());
        assert_ne!(a, b);
        assert!(is_lineage(&a) && is_lineage(&b));
        assert!(!is_lineage("abc") && !is_lineage(&"g".repeat(32)));
    }

    #[test]
    fn two_jumps_from_one_place_land_apart() {
        let jumps: std::collections::BTreeSet<u64> = (0..1000).map(|_| jump_ids(100)).collect();
        assert_eq!(jumps.len(), 1000);
        assert!(jumps.iter().all(|j| (101..=100 + ID_JUMP).contains(j)));
        assert_eq!(jump_ids(u64::MAX - 1), u64::MAX - 1, "no wrap");
    }

    #[test]
    fn the_content_hash_names_the_content() {
        let mut doc = Document::default();
        let empty = content_hash(&doc);
        assert_eq!(empty, content_hash(&Document::default()));
        doc.title.push("规划".into());
        assert_ne!(content_hash(&doc), empty);
        assert_eq!(empty.len(), 64);
    }
}

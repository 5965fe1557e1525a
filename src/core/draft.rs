//! Drafts: named snapshots of the whole document (征求意见稿, 送审稿, 第3稿 …), and how they
//! are packed into the file so that text drafts share is stored once.
//!
//! On disk every paragraph and heading text lives once in a text store keyed by a hash of its
//! content, every distinct section body (heading, run-in, paragraphs) once in a section
//! store, and each draft is a small tree of (id, section key). Fifty drafts of a plan that
//! change a few paragraphs each cost little more than one copy.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::document::{Document, Paragraph, Section, SectionId};
use super::numbering::NumberingScheme;

/// A named snapshot of the whole document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// Its name: 征求意见稿, 送审稿, 第3稿 …
    pub name: String,
    /// Who recorded it.
    pub author: String,
    /// When, as RFC 3339 UTC (2026-11-27T10:00:00Z).
    pub time: String,
    /// A note on what changed.
    pub note: String,
    /// The document as it was (shared, so copies are cheap).
    pub document: Arc<Document>,
}

impl Draft {
    /// A draft of `document` recorded now.
    pub fn record(name: &str, author: &str, note: &str, document: &Document) -> Self {
        // A draft records the text; comments stay with the working copy.
        let mut document = document.clone();
        document.comments.clear();
        Self {
            name: name.to_owned(),
            author: author.to_owned(),
            time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            note: note.to_owned(),
            document: Arc::new(document),
        }
    }
}

/// The working copy (`name` None) or the draft called `name`: the one way every part of
/// plandraft picks a version of a file.
pub fn version<'a>(
    working_copy: &'a Document,
    drafts: &'a [Draft],
    name: Option<&str>,
) -> Option<&'a Document> {
    match name {
        None => Some(working_copy),
        Some(name) => drafts.iter().find(|d| d.name == name).map(|d| &*d.document),
    }
}

/// The name of the user, for draft authors: `USER` or `USERNAME`, else "unknown".
pub fn system_user() -> String {
    known_user().unwrap_or_else(|| "unknown".to_owned())
}

/// The system account's name, when the environment says it.
pub fn known_user() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}

/// Adds `draft` to `drafts` (oldest first), replacing one of the same name; returns whether
/// one was replaced.
pub fn record_into(drafts: &mut Vec<Draft>, draft: Draft) -> bool {
    let before = drafts.len();
    drafts.retain(|d| d.name != draft.name);
    let is_replaced = drafts.len() != before;
    drafts.push(draft);
    is_replaced
}

/// A key into a store: a hash of the content, in hex.
type Key = String;

/// One section body in the section store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionBody {
    heading: Key,
    run_in: bool,
    paragraphs: Vec<Key>,
}

/// A section in a packed draft: its id, its body's key, and its children. Written from
/// owned keys, read back as keys borrowed from the file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Node<K = Key> {
    id: SectionId,
    body: K,
    children: Vec<Node<K>>,
}

/// Writes a draft's section tree on one line: `1:key,2:key(3:key,4:key),5:key`. A draft is
/// then one short record in the file, not hundreds of lines of ids and keys.
fn encode_tree(nodes: &[Node], out: &mut String) {
    for (i, n) in nodes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{}:{}", n.id.0, n.body));
        if !n.children.is_empty() {
            out.push('(');
            encode_tree(&n.children, out);
            out.push(')');
        }
    }
}

/// Reads a tree written by [`encode_tree`]; None if it is malformed or nested too deep.
fn decode_tree(text: &str) -> Option<Vec<Node<&str>>> {
    fn list<'t>(text: &'t str, at: &mut usize, depth: usize) -> Option<Vec<Node<&'t str>>> {
        if depth > super::document::MAX_DEPTH {
            return None;
        }
        let bytes = text.as_bytes();
        let mut nodes = Vec::new();
        loop {
            let start = *at;
            let mut id: u64 = 0;
            while let Some(digit) = bytes.get(*at).filter(|b| b.is_ascii_digit()) {
                id = id.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
                *at += 1;
            }
            if *at == start || bytes.get(*at) != Some(&b':') {
                return None;
            }
            *at += 1;
            let key_start = *at;
            while *at < bytes.len() && !matches!(bytes[*at], b',' | b'(' | b')') {
                *at += 1;
            }
            // The delimiters are ASCII, so the key's ends are character boundaries.
            let body = text.get(key_start..*at)?;
            if body.is_empty() {
                return None;
            }
            let mut children = Vec::new();
            if bytes.get(*at) == Some(&b'(') {
                *at += 1;
                children = list(text, at, depth + 1)?;
                if bytes.get(*at) != Some(&b')') {
                    return None;
                }
                *at += 1;
            }
            nodes.push(Node {
                id: SectionId(id),
                body,
                children,
            });
            if bytes.get(*at) == Some(&b',') {
                *at += 1;
            } else {
                return Some(nodes);
            }
        }
    }
    if text.is_empty() {
        return Some(Vec::new());
    }
    let mut at = 0;
    let nodes = list(text, &mut at, 0)?;
    (at == text.len()).then_some(nodes)
}

/// A draft as written in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackedDraft {
    name: String,
    author: String,
    time: String,
    note: String,
    title: Vec<String>,
    stage: Option<String>,
    numbering: NumberingScheme,
    preamble: Vec<Key>,
    /// The section tree, written by [`encode_tree`].
    sections: String,
    next_id: u64,
}

/// The stores drafts point into, as written in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stores {
    /// Section bodies by key.
    pub sections: BTreeMap<Key, SectionBody>,
    /// Texts by key.
    pub texts: BTreeMap<Key, String>,
}

/// A draft refers to something missing from the stores.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("draft “{draft}” refers to {what} {key}, which the file does not hold")]
pub struct MissingKey {
    /// The draft's name.
    pub draft: String,
    /// "text" or "section".
    pub what: &'static str,
    /// The key.
    pub key: String,
}

/// FNV-1a, 64 bits: stable across runs, platforms and versions, unlike std's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Puts `value` in `store` under a key derived from `content`, reusing an equal entry and
/// stepping past a different one that happens to share the hash.
fn intern<V: PartialEq + Clone>(store: &mut BTreeMap<Key, V>, content: &[u8], value: &V) -> Key {
    let base = fnv1a(content);
    for salt in 0u64.. {
        let key = if salt == 0 {
            format!("{base:016x}")
        } else {
            format!("{base:016x}-{salt}")
        };
        match store.get(&key) {
            Some(existing) if existing == value => return key,
            Some(_) => continue,
            None => {
                store.insert(key.clone(), value.clone());
                return key;
            }
        }
    }
    unreachable!("u64 salts do not run out")
}

fn intern_text(stores: &mut Stores, text: &str) -> Key {
    intern(&mut stores.texts, text.as_bytes(), &text.to_owned())
}

fn pack_section(stores: &mut Stores, s: &Section) -> Node {
    let body = SectionBody {
        heading: intern_text(stores, &s.heading),
        run_in: s.run_in,
        paragraphs: s
            .paragraphs
            .iter()
            .map(|p| intern_text(stores, &p.text))
            .collect(),
    };
    let mut content = body.heading.clone().into_bytes();
    content.push(u8::from(body.run_in));
    for p in &body.paragraphs {
        content.extend_from_slice(p.as_bytes());
    }
    let key = intern(&mut stores.sections, &content, &body);
    Node {
        id: s.id,
        body: key,
        children: s.children.iter().map(|c| pack_section(stores, c)).collect(),
    }
}

/// Packs drafts into the file's form, filling `stores`.
pub fn pack(drafts: &[Draft], stores: &mut Stores) -> Vec<PackedDraft> {
    drafts
        .iter()
        .map(|d| {
            let doc = &d.document;
            PackedDraft {
                name: d.name.clone(),
                author: d.author.clone(),
                time: d.time.clone(),
                note: d.note.clone(),
                title: doc.title.clone(),
                stage: doc.stage.clone(),
                numbering: doc.numbering.clone(),
                preamble: doc
                    .preamble
                    .iter()
                    .map(|p| intern_text(stores, &p.text))
                    .collect(),
                sections: {
                    let nodes: Vec<Node> = doc
                        .sections
                        .iter()
                        .map(|s| pack_section(stores, s))
                        .collect();
                    let mut tree = String::new();
                    encode_tree(&nodes, &mut tree);
                    tree
                },
                next_id: doc.next_id,
            }
        })
        .collect()
}

fn text(stores: &Stores, draft: &str, key: &str) -> Result<String, MissingKey> {
    stores.texts.get(key).cloned().ok_or_else(|| MissingKey {
        draft: draft.to_owned(),
        what: "text",
        key: key.to_owned(),
    })
}

/// A section body read out of the stores: heading, run-in and paragraphs.
type Body = (String, bool, Vec<Paragraph>);

/// Section bodies already read, by key: drafts share most of their sections, so each
/// body's texts are looked up once, however many drafts hold it.
type Bodies<'s> = std::collections::HashMap<&'s str, Body>;

fn body<'s>(
    stores: &'s Stores,
    bodies: &mut Bodies<'s>,
    draft: &str,
    key: &str,
) -> Result<Body, MissingKey> {
    if let Some(body) = bodies.get(key) {
        return Ok(body.clone());
    }
    let (key, stored) = stores
        .sections
        .get_key_value(key)
        .ok_or_else(|| MissingKey {
            draft: draft.to_owned(),
            what: "section",
            key: key.to_owned(),
        })?;
    let paragraphs = stored
        .paragraphs
        .iter()
        .map(|k| text(stores, draft, k).map(Paragraph::new))
        .collect::<Result<_, _>>()?;
    let body = (
        text(stores, draft, &stored.heading)?,
        stored.run_in,
        paragraphs,
    );
    bodies.insert(key.as_str(), body.clone());
    Ok(body)
}

fn unpack_section<'s>(
    stores: &'s Stores,
    bodies: &mut Bodies<'s>,
    draft: &str,
    node: &Node<&str>,
) -> Result<Section, MissingKey> {
    let (heading, run_in, paragraphs) = body(stores, bodies, draft, node.body)?;
    let mut section = Section::new(node.id, heading);
    section.run_in = run_in;
    section.paragraphs = paragraphs;
    section.children = node
        .children
        .iter()
        .map(|c| unpack_section(stores, bodies, draft, c))
        .collect::<Result<_, _>>()?;
    Ok(section)
}

/// From this many drafts on, half of them are rebuilt on a second thread.
const PARALLEL_DRAFTS: usize = 8;

/// Rebuilds drafts from the file's form.
pub fn unpack(packed: &[PackedDraft], stores: &Stores) -> Result<Vec<Draft>, MissingKey> {
    if packed.len() < PARALLEL_DRAFTS {
        return unpack_all(packed, stores);
    }
    let (first, second) = packed.split_at(packed.len() / 2);
    std::thread::scope(|scope| {
        let second_thread = scope.spawn(|| unpack_all(second, stores));
        let mut drafts = unpack_all(first, stores)?;
        let rest = match second_thread.join() {
            Ok(rest) => rest,
            Err(_) => unpack_all(second, stores),
        };
        drafts.extend(rest?);
        Ok(drafts)
    })
}

fn unpack_all(packed: &[PackedDraft], stores: &Stores) -> Result<Vec<Draft>, MissingKey> {
    let mut bodies = Bodies::new();
    packed
        .iter()
        .map(|p| unpack_one(p, stores, &mut bodies))
        .collect()
}

fn unpack_one<'s>(
    p: &PackedDraft,
    stores: &'s Stores,
    bodies: &mut Bodies<'s>,
) -> Result<Draft, MissingKey> {
    let preamble = p
        .preamble
        .iter()
        .map(|k| text(stores, &p.name, k).map(Paragraph::new))
        .collect::<Result<_, _>>()?;
    let nodes = decode_tree(&p.sections).ok_or_else(|| MissingKey {
        draft: p.name.clone(),
        what: "a readable section tree, not",
        key: p.sections.chars().take(40).collect(),
    })?;
    let sections = nodes
        .iter()
        .map(|n| unpack_section(stores, bodies, &p.name, n))
        .collect::<Result<_, _>>()?;
    Ok(Draft {
        name: p.name.clone(),
        author: p.author.clone(),
        time: p.time.clone(),
        note: p.note.clone(),
        document: Arc::new(Document {
            title: p.title.clone(),
            stage: p.stage.clone(),
            numbering: p.numbering.clone(),
            preamble,
            sections,
            next_id: p.next_id,
            conflicts: Vec::new(),
            comments: Vec::new(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        crate::core::test_support::sample()
    }

    fn draft(name: &str, doc: &Document) -> Draft {
        Draft {
            name: name.into(),
            author: "起草组".into(),
            time: "2026-11-27T10:00:00Z".into(),
            note: String::new(),
            document: Arc::new(doc.clone()),
        }
    }

    #[test]
    fn packing_round_trips_and_shares_text() {
        let first = sample();
        let mut second = first.clone();
        second.sections[0].paragraphs[0].text.push_str("新增一句。");
        let drafts = vec![draft("征求意见稿", &first), draft("送审稿", &second)];
        let mut stores = Stores::default();
        let packed = pack(&drafts, &mut stores);
        assert_eq!(unpack(&packed, &stores).unwrap(), drafts);
        // Only the changed paragraph and its section are stored twice.
        let sections = first.section_count();
        assert_eq!(stores.sections.len(), sections + 1);
        let paragraphs_and_headings = stores.texts.len();
        let mut one = Stores::default();
        pack(&drafts[..1], &mut one);
        assert_eq!(paragraphs_and_headings, one.texts.len() + 1);
    }

    #[test]
    fn trees_encode_on_one_line_and_reject_garbage() {
        let nodes = vec![
            Node {
                id: SectionId(1),
                body: "a1".into(),
                children: vec![Node {
                    id: SectionId(2),
                    body: "b2".into(),
                    children: vec![],
                }],
            },
            Node {
                id: SectionId(3),
                body: "c3-1".into(),
                children: vec![],
            },
        ];
        let mut text = String::new();
        encode_tree(&nodes, &mut text);
        assert_eq!(text, "1:a1(2:b2),3:c3-1");
        fn borrowed(nodes: &[Node]) -> Vec<Node<&str>> {
            nodes
                .iter()
                .map(|n| Node {
                    id: n.id,
                    body: n.body.as_str(),
                    children: borrowed(&n.children),
                })
                .collect()
        }
        assert_eq!(decode_tree(&text), Some(borrowed(&nodes)));
        for bad in [
            "99999999999999999999:a",
            ":a",
            "1",
            "x:a",
            "1:a(2:b",
            "1:a)",
            "1:a,,",
            "1:",
            &"1:a(".repeat(40),
        ] {
            assert_eq!(decode_tree(bad), None, "{bad}");
        }
    }

    #[test]
    fn hash_collisions_get_their_own_keys() {
        let mut store: BTreeMap<Key, String> = BTreeMap::new();
        let a = intern(&mut store, b"same", &"甲".to_owned());
        let b = intern(&mut store, b"same", &"乙".to_owned());
        let a2 = intern(&mut store, b"same", &"甲".to_owned());
        assert_ne!(a, b);
        assert_eq!(a, a2);
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn missing_keys_are_reported_with_the_draft() {
        let drafts = vec![draft("第3稿", &sample())];
        let mut stores = Stores::default();
        let packed = pack(&drafts, &mut stores);
        let key = stores.texts.keys().next().unwrap().clone();
        stores.texts.remove(&key);
        let err = unpack(&packed, &stores).unwrap_err();
        assert_eq!(err.draft, "第3稿");
        assert!(err.to_string().contains("第3稿"));
    }
}

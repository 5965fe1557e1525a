//! Reading Word's XML: parts parsed with the part named in errors, elements and attributes
//! by their local names (`w:p` is `p`), on/off properties, a comment's plain text.

use roxmltree::Node;

use super::DocxError;

pub(super) fn parse<'a>(name: &str, xml: &'a str) -> Result<roxmltree::Document<'a>, DocxError> {
    roxmltree::Document::parse(xml).map_err(|e| DocxError::Xml {
        part: name.to_owned(),
        message: e.to_string(),
    })
}

pub(super) trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}

pub(super) fn is<'a>(a: &'a str, b: &'a str) -> impl Fn(&Node) -> bool + 'a {
    move |n: &Node| n.is_element() && (n.tag_name().name() == a || n.tag_name().name() == b)
}

/// An attribute by its local name (`w:val` is `val`).
pub(super) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name_local(name))
}

/// `w:val` of a child element.
pub(super) fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// Whether an on/off property (`<w:vanish/>`, `<w:vanish w:val="0"/>`) is on.
pub(super) fn is_on(node: Option<Node>) -> bool {
    node.is_some_and(|n| !matches!(attr(n, "val"), Some("0" | "false" | "off")))
}

/// The text of a comment or note: its paragraphs' runs, paragraphs joined by line ends.
pub(super) fn plain_text(node: Node) -> String {
    let mut out = String::new();
    for p in node.descendants().filter(|n| n.has_tag_name_local("p")) {
        if !out.is_empty() {
            out.push('\n');
        }
        for t in p.descendants() {
            match t.tag_name().name() {
                "t" if t.is_element() => out.push_str(t.text().unwrap_or_default()),
                "tab" if t.is_element() => out.push('\t'),
                _ => {}
            }
        }
    }
    out
}

//! Turning the bytes of a text file into text: BOM sniffing, UTF-8, UTF-16 and GB18030/GBK
//! detection (chardetng), and refusal of binary files.

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

use super::debris::find_byte;

/// Decoded text and how it was encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without BOM: the bytes themselves when they were UTF-8 already.
    pub text: Cow<'a, str>,
    /// Name of the encoding found, e.g. "UTF-8", "GB18030", "UTF-16LE".
    pub encoding: &'static str,
    /// Whether the file started with a byte order mark.
    pub had_bom: bool,
    /// Whether the text holds any C0 control other than tab and line ends, DEL or C1
    /// control (Word's line and page breaks aside).
    pub has_controls: bool,
}

/// What a file that is not text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryKind {
    /// A zip archive that is not a Word .docx.
    Zip,
    /// An OLE file: an old Word .doc, most likely.
    OldWord,
    /// A PDF file.
    Pdf,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// An RTF file.
    Rtf,
    /// A program.
    Program,
    /// A file holding NUL bytes.
    Nul,
    /// A file full of control characters.
    Controls,
}

impl std::fmt::Display for BinaryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BinaryKind::Zip => "a zip archive",
            BinaryKind::OldWord => "an old Word .doc or other OLE file; save it as .docx first",
            BinaryKind::Pdf => "a PDF file",
            BinaryKind::Png => "a PNG image",
            BinaryKind::Jpeg => "a JPEG image",
            BinaryKind::Rtf => "an RTF file; save it as plain text first",
            BinaryKind::Program => "a program",
            BinaryKind::Nul => "it contains NUL bytes",
            BinaryKind::Controls => "it is full of control characters",
        })
    }
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not text at all.
    #[error("this is not a text file ({what}{})", offset.map(|o| format!("; the first at byte {o}")).unwrap_or_default())]
    Binary {
        /// What it looks like, e.g. "a Word .docx or other zip archive".
        what: BinaryKind,
        /// Offset in the file of the first byte that gave it away (None when the file's
        /// signature did).
        offset: Option<usize>,
    },
    /// The bytes are text in no encoding we could decode without loss.
    #[error("the text is not valid {encoding}: undecodable bytes at offset {offset} (line {line})")]
    Undecodable {
        /// The encoding tried last.
        encoding: &'static str,
        /// Byte offset of the first bad sequence.
        offset: usize,
        /// Line (from 1) of the first bad sequence.
        line: usize,
    },
}

/// Decodes `bytes` as text, detecting the encoding. UTF-8 without a BOM, by far the most
/// common, is checked in place and not copied.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = decode_strict(encoding, body).map_err(|e| e.after(bom_len))?;
        let has_controls = check_not_binary_text(&text, encoding, bom_len)?;
        return Ok(Decoded {
            text: Cow::Owned(text),
            encoding: encoding.name(),
            had_bom: true,
            has_controls,
        });
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(DecodeError::Binary { what, offset: None });
    }
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        let has_controls = check_not_binary_text(text, UTF_8, 0)?;
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            had_bom: false,
            has_controls,
        });
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(DecodeError::Binary {
            what: BinaryKind::Nul,
            offset: Some(offset),
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let mut guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // GBK files may hold GB18030's four-byte sequences; GB18030 reads both.
    if guess == GBK {
        guess = GB18030;
    }
    let text = decode_strict(guess, bytes)?;
    let has_controls = check_not_binary_text(&text, guess, 0)?;
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding: guess.name(),
        had_bom: false,
        has_controls,
    })
}

/// The offset of the first NUL byte.
fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

impl DecodeError {
    /// The same error with its offset counted from `skipped` bytes earlier (the BOM).
    fn after(self, skipped: usize) -> Self {
        match self {
            DecodeError::Binary { what, offset } => DecodeError::Binary {
                what,
                offset: offset.map(|o| o + skipped),
            },
            DecodeError::Undecodable {
                encoding,
                offset,
                line,
            } => DecodeError::Undecodable {
                encoding,
                offset: offset + skipped,
                line,
            },
        }
    }
}

/// The offset in the file of the character at byte `at` of `text`, decoded from
/// `encoding` after `skipped` bytes (a BOM).
fn file_offset(text: &str, at: usize, encoding: &'static Encoding, skipped: usize) -> usize {
    let before = &text[..at];
    skipped
        + if encoding == UTF_8 {
            at
        } else if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            2 * before.encode_utf16().count()
        } else {
            encoding.encode(before).0.len()
        }
}

fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(text.into_owned());
    }
    // Find where it went wrong, so the message can point at it.
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    let offset = match result {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    };
    let line = 1 + out.matches('\n').count();
    Err(DecodeError::Undecodable {
        encoding: encoding.name(),
        offset,
        line,
    })
}

/// Recognises common non-text files by their first bytes.
fn binary_signature(bytes: &[u8]) -> Option<BinaryKind> {
    const SIGNATURES: [(&[u8], BinaryKind); 7] = [
        (b"PK\x03\x04", BinaryKind::Zip),
        (b"\xD0\xCF\x11\xE0", BinaryKind::OldWord),
        (b"%PDF", BinaryKind::Pdf),
        (b"\x89PNG", BinaryKind::Png),
        (b"\xFF\xD8\xFF", BinaryKind::Jpeg),
        (b"{\\rtf", BinaryKind::Rtf),
        (b"\x7FELF", BinaryKind::Program),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Refuses decoded text that holds a NUL or is more than 1% control characters (a binary
/// file that happened to decode), naming the offset in the file of the byte that gave it
/// away: the first NUL, else the first control character.
///
/// Control characters (C0 other than tab and line ends, DEL, C1) are found by their
/// UTF-8 bytes, eight at a time, so plain text is checked at memory speed.
fn check_not_binary_text(
    text: &str,
    encoding: &'static Encoding,
    skipped: usize,
) -> Result<bool, DecodeError> {
    let bytes = text.as_bytes();
    let mut controls = 0usize;
    let mut first = None;
    let mut first_nul = None;
    let mut from = 0;
    // Every C0 control but tab, line ends, Word's line break and page break (9 to 13);
    // DEL; and 0xC2, which starts both the C1 controls and ° and ×.
    // Bitwise, not short-circuit, operators: the test has no branches, so it vectorises.
    let is_lead = |b: u8| ((b < 0x20) & !(9..=13).contains(&b)) | (b == 0x7F) | (b == 0xC2);
    while let Some(i) = find_byte(bytes, from, is_lead) {
        from = i + 1;
        let is_control = match bytes[i] {
            0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
            0x00 => {
                first_nul.get_or_insert(i);
                true
            }
            _ => true,
        };
        if is_control {
            controls += 1;
            first.get_or_insert(i);
        }
    }
    if let Some(at) = first_nul {
        return Err(DecodeError::Binary {
            what: BinaryKind::Nul,
            offset: Some(file_offset(text, at, encoding, skipped)),
        });
    }
    match first {
        Some(at) if controls * 100 > text.chars().count().max(1) => Err(DecodeError::Binary {
            what: BinaryKind::Controls,
            offset: Some(file_offset(text, at, encoding, skipped)),
        }),
        _ => Ok(controls > 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "长春市绿园区国民经济和社会发展\n一、发展形势\n当今世界正经历百年未有之大变局。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(TEXT.as_bytes()).unwrap();
        assert_eq!((&*d.text, d.encoding, d.had_bom), (TEXT, "UTF-8", false));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((&*d.text, d.had_bom), (TEXT, true));
    }

    #[test]
    fn utf16_both_orders() {
        let units: Vec<u16> = TEXT.encode_utf16().collect();
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in units {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, TEXT);
        assert_eq!(decode(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(decode(&be).unwrap().text, TEXT);
    }

    #[test]
    fn gb18030_is_detected() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, TEXT);
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(b"PK\x03\x04rest"),
            Err(DecodeError::Binary { offset: None, .. })
        ));
        assert!(matches!(
            decode(b"abc\0def"),
            Err(DecodeError::Binary {
                offset: Some(3),
                ..
            })
        ));
        let noise: Vec<u8> = (0u8..=255)
            .cycle()
            .skip(1)
            .take(4000)
            .filter(|b| *b != 0)
            .collect();
        assert!(decode(&noise).is_err());
    }

    #[test]
    fn truncated_utf16_reports_place() {
        let mut le = vec![0xFF, 0xFE];
        for u in "一二".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        le.push(0x41); // half a code unit
        match decode(&le) {
            Err(DecodeError::Undecodable { offset, line, .. }) => {
                // Counted in the file: the BOM and two characters come first.
                assert_eq!(offset, 6);
                assert_eq!(line, 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_offset_is_of_the_byte_that_gave_it_away() {
        // A few stray controls early on, and a NUL far into the file.
        let mut text = "规划\u{1b}纲要\n".to_owned();
        text.push_str(&"发展".repeat(20_000));
        let nul_at_char = text.len();
        text.push('\0');
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(text.as_bytes());
        match decode(&utf8) {
            Err(DecodeError::Binary { offset, .. }) => assert_eq!(offset, Some(3 + nul_at_char)),
            other => panic!("{other:?}"),
        }
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let nul_at = 2 + 2 * text[..nul_at_char].encode_utf16().count();
        match decode(&utf16) {
            Err(DecodeError::Binary { offset, .. }) => assert_eq!(offset, Some(nul_at)),
            other => panic!("{other:?}"),
        }
        // Many controls: the first one is named, in file bytes.
        let noisy = format!("{}{}", "发展".repeat(10), "\u{1}".repeat(50));
        match decode(noisy.as_bytes()) {
            Err(DecodeError::Binary { offset, .. }) => {
                assert_eq!(offset, Some("发展".repeat(10).len()))
            }
            other => panic!("{other:?}"),
        }
    }
}

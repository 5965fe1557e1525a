//! Turning the bytes of a text file into text: BOM sniffing, UTF-8, UTF-16 and GB18030/GBK
//! detection (chardetng), and refusal of binary files.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

/// Decoded text and how it was encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// Name of the encoding found, e.g. "UTF-8", "GB18030", "UTF-16LE".
    pub encoding: &'static str,
    /// Whether the file started with a byte order mark.
    pub had_bom: bool,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not text at all.
    #[error("this is not a text file ({what}; found a binary byte at offset {offset})")]
    Binary {
        /// What it looks like, e.g. "a Word .docx or other zip archive".
        what: &'static str,
        /// Offset of the first byte that gave it away.
        offset: usize,
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

/// Decodes `bytes` as text, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = decode_strict(encoding, body)?;
        check_not_binary_text(&text)?;
        return Ok(Decoded {
            text,
            encoding: encoding.name(),
            had_bom: true,
        });
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(DecodeError::Binary { what, offset: 0 });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary {
            what: "it contains NUL bytes",
            offset,
        });
    }
    let (encoding, text) = match std::str::from_utf8(bytes) {
        Ok(text) => (UTF_8, text.to_owned()),
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let mut guess = detector.guess(None, chardetng::Utf8Detection::Deny);
            // GBK files may hold GB18030's four-byte sequences; GB18030 reads both.
            if guess == GBK {
                guess = GB18030;
            }
            (guess, decode_strict(guess, bytes)?)
        }
    };
    check_not_binary_text(&text)?;
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        had_bom: false,
    })
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
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (
            b"PK\x03\x04",
            "a Word .docx or other zip archive; save it as plain text first",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Word .doc or other OLE file; save it as plain text first",
        ),
        (b"%PDF", "a PDF file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"{\\rtf", "an RTF file; save it as plain text first"),
        (b"\x7FELF", "a program"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Refuses decoded text that is mostly control characters (a binary file that happened to
/// decode).
fn check_not_binary_text(text: &str) -> Result<(), DecodeError> {
    let mut controls = 0usize;
    let mut first = None;
    let mut total = 0usize;
    for (i, c) in text.char_indices() {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            controls += 1;
            first.get_or_insert(i);
        }
    }
    match first {
        Some(offset) if c_ratio(controls, total) || text.contains('\0') => {
            Err(DecodeError::Binary {
                what: "it is full of control characters",
                offset,
            })
        }
        _ => Ok(()),
    }
}

fn c_ratio(controls: usize, total: usize) -> bool {
    controls * 100 > total.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "长春市绿园区国民经济和社会发展\n一、发展形势\n当今世界正经历百年未有之大变局。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(TEXT.as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_bom),
            (TEXT, "UTF-8", false)
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.had_bom), (TEXT, true));
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
            Err(DecodeError::Binary { offset: 0, .. })
        ));
        assert!(matches!(
            decode(b"abc\0def"),
            Err(DecodeError::Binary { offset: 3, .. })
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
                assert_eq!(offset, 4);
                assert_eq!(line, 1);
            }
            other => panic!("{other:?}"),
        }
    }
}

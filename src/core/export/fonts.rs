//! The faces a printed page is set in, found on this machine: the GB/T 9704 faces when
//! they are installed (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312), else free faces with
//! Simplified Chinese forms (Noto Serif / Sans CJK SC, a 楷 face), else the bundled
//! WenQuanYi Micro Hei — and which face stands in for which, so the user is told.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use skrifa::MetadataProvider;

use super::print::Face;

/// The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0): the desktop app's UI font, and the
/// last resort of a printed page on a machine with no Chinese font.
pub static BUNDLED_CJK: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// The bundled font's family name, as the stand-in notices say it.
const BUNDLED_NAME: &str = "WenQuanYi Micro Hei（内置）";

/// What a printed page needs a face for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// One of the four faces of the text.
    Text(Face),
    /// Page numbers, 宋体.
    PageNumber,
    /// Latin letters and digits, Times New Roman.
    Latin,
}

impl Role {
    /// The face GB/T 9704 asks for, as the notices name it.
    pub fn wanted(self) -> &'static str {
        match self {
            Role::Text(Face::FangSong) => "仿宋_GB2312",
            Role::Text(Face::XiaoBiaoSong) => "方正小标宋简体",
            Role::Text(Face::Hei) => "黑体",
            Role::Text(Face::Kai) => "楷体_GB2312",
            Role::PageNumber => "宋体",
            Role::Latin => "Times New Roman",
        }
    }

    /// Family names to look for, best first: the standard's face under the names Windows,
    /// WPS and macOS give it, then free faces with Simplified Chinese forms of the same
    /// kind (serif for 仿宋 and 宋, sans for 黑体).
    fn families(self) -> &'static [&'static str] {
        self.names().0
    }

    /// How many of [`Role::families`] name the standard's own face; the rest stand in.
    fn own_names(self) -> usize {
        self.names().1
    }

    fn names(self) -> (&'static [&'static str], usize) {
        match self {
            Role::Text(Face::FangSong) => (
                &[
                    "仿宋_GB2312",
                    "FangSong_GB2312",
                    "仿宋",
                    "FangSong",
                    "STFangsong",
                    "华文仿宋",
                    "Noto Serif CJK SC",
                    "Source Han Serif SC",
                    "Source Han Serif CN",
                    "AR PL UMing CN",
                ],
                6,
            ),
            Role::Text(Face::XiaoBiaoSong) => (
                &[
                    "方正小标宋简体",
                    "方正小标宋_GBK",
                    "FZXiaoBiaoSong-B05S",
                    "FZXiaoBiaoSong-B05",
                    "Noto Serif CJK SC",
                    "Source Han Serif SC",
                    "Source Han Serif CN",
                    "宋体",
                    "SimSun",
                ],
                4,
            ),
            Role::Text(Face::Hei) => (
                &[
                    "黑体",
                    "SimHei",
                    "STHeiti",
                    "Heiti SC",
                    "Noto Sans CJK SC",
                    "Source Han Sans SC",
                    "Source Han Sans CN",
                    "WenQuanYi Zen Hei",
                    "WenQuanYi Micro Hei",
                ],
                4,
            ),
            Role::Text(Face::Kai) => (
                &[
                    "楷体_GB2312",
                    "KaiTi_GB2312",
                    "楷体",
                    "KaiTi",
                    "STKaiti",
                    "华文楷体",
                    "AR PL UKai CN",
                    "AR PL KaitiM GB",
                    "LXGW WenKai",
                    "Noto Serif CJK SC",
                ],
                6,
            ),
            Role::PageNumber => (
                &[
                    "宋体",
                    "SimSun",
                    "Songti SC",
                    "Noto Serif CJK SC",
                    "Source Han Serif SC",
                    "AR PL UMing CN",
                ],
                3,
            ),
            Role::Latin => (
                &[
                    "Times New Roman",
                    "Liberation Serif",
                    "Tinos",
                    "DejaVu Serif",
                    "Noto Serif",
                ],
                1,
            ),
        }
    }

    /// The title is set heavy: a bold weight of a stand-in face is nearer 小标宋 than its
    /// regular one.
    fn is_heavy(self) -> bool {
        self == Role::Text(Face::XiaoBiaoSong)
    }
}

/// One face, loaded.
pub struct Typeface {
    /// For the PDF writer.
    pub font: krilla::text::Font,
    data: Arc<Vec<u8>>,
    index: u32,
    /// Its family name.
    pub name: String,
    /// Whether it is a bold weight (so a bold run needs no drawn-in bold).
    pub is_bold: bool,
}

impl Typeface {
    fn load(data: Arc<Vec<u8>>, index: u32, name: String, is_bold: bool) -> Option<Self> {
        skrifa::FontRef::from_index(data.as_slice(), index).ok()?;
        let font = krilla::text::Font::new(krilla::Data::from(data.clone()), index)?;
        Some(Self {
            font,
            data,
            index,
            name,
            is_bold,
        })
    }

    /// The glyph for `ch`, if the face has one.
    pub fn glyph(&self, ch: char) -> Option<u32> {
        let font = skrifa::FontRef::from_index(self.data.as_slice(), self.index).ok()?;
        font.charmap()
            .map(ch)
            .map(|g| g.to_u32())
            .filter(|g| *g != 0)
    }
}

/// Which face stands in for one the standard asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandIn {
    /// The face asked for (仿宋_GB2312).
    pub wanted: &'static str,
    /// The face used (Noto Serif CJK SC).
    pub used: String,
}

impl std::fmt::Display for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 未安装，使用 {}", self.wanted, self.used)
    }
}

/// The faces for every role, regular and bold, and the bundled face behind them all.
pub struct Fonts {
    faces: Vec<Typeface>,
    roles: HashMap<(Role, bool), usize>,
    bundled: usize,
    stand_ins: Vec<StandIn>,
}

/// Every role a printed page may need.
const ROLES: [Role; 6] = [
    Role::Text(Face::FangSong),
    Role::Text(Face::XiaoBiaoSong),
    Role::Text(Face::Hei),
    Role::Text(Face::Kai),
    Role::PageNumber,
    Role::Latin,
];

impl Fonts {
    /// The faces installed on this machine, looked for once per run.
    pub fn system() -> &'static Fonts {
        static SYSTEM: OnceLock<Fonts> = OnceLock::new();
        SYSTEM.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            Fonts::from_database(&db)
        })
    }

    /// The bundled face for everything: the same on every machine (for tests).
    pub fn bundled() -> Fonts {
        Fonts::from_database(&fontdb::Database::new())
    }

    fn from_database(db: &fontdb::Database) -> Fonts {
        let mut faces = Vec::new();
        let mut loaded: HashMap<fontdb::ID, Option<usize>> = HashMap::new();
        let bundled_data = Arc::new(BUNDLED_CJK.to_vec());
        faces.extend(Typeface::load(
            bundled_data,
            0,
            BUNDLED_NAME.to_owned(),
            false,
        ));
        let bundled = 0;
        let mut roles = HashMap::new();
        let mut stand_ins = Vec::new();
        for role in ROLES {
            for is_bold in [false, true] {
                let weight = if is_bold || role.is_heavy() {
                    fontdb::Weight::BOLD
                } else {
                    fontdb::Weight::NORMAL
                };
                let found = role.families().iter().enumerate().find_map(|(rank, name)| {
                    let id = db.query(&fontdb::Query {
                        families: &[fontdb::Family::Name(name)],
                        weight,
                        ..fontdb::Query::default()
                    })?;
                    let at = *loaded.entry(id).or_insert_with(|| {
                        let info = db.face(id)?;
                        let is_bold = info.weight >= fontdb::Weight::SEMIBOLD;
                        let face = db.with_face_data(id, |data, index| {
                            Typeface::load(
                                Arc::new(data.to_vec()),
                                index,
                                (*name).to_owned(),
                                is_bold,
                            )
                        })??;
                        faces.push(face);
                        Some(faces.len() - 1)
                    });
                    at.map(|at| (rank, at))
                });
                let (rank, at) = found.unwrap_or((usize::MAX, bundled));
                roles.insert((role, is_bold), at);
                let is_own_face = rank < role.own_names();
                if !is_bold
                    && !is_own_face
                    && let Some(face) = faces.get(at)
                {
                    stand_ins.push(StandIn {
                        wanted: role.wanted(),
                        used: face.name.clone(),
                    });
                }
            }
        }
        Fonts {
            faces,
            roles,
            bundled,
            stand_ins,
        }
    }

    /// Which faces stand in for the standard's, in a fixed order.
    pub fn stand_ins(&self) -> &[StandIn] {
        &self.stand_ins
    }

    /// The face and glyph to set `ch` in for `role`: the role's face if it has the
    /// character, else the bundled face; and whether bold must be drawn in (the face is
    /// not a bold one). None when no face has it.
    pub fn glyph(&self, role: Role, is_bold: bool, ch: char) -> Option<(usize, u32, bool)> {
        let at = self
            .roles
            .get(&(role, is_bold))
            .copied()
            .unwrap_or(self.bundled);
        [at, self.bundled].into_iter().find_map(|i| {
            let face = self.faces.get(i)?;
            let glyph = face.glyph(ch)?;
            Some((i, glyph, is_bold && !face.is_bold))
        })
    }

    /// The face at `index` (as [`Fonts::glyph`] gives it).
    pub fn face(&self, index: usize) -> Option<&Typeface> {
        self.faces.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_face_sets_chinese_and_says_it_stands_in_for_every_face() {
        let fonts = Fonts::bundled();
        let (face, glyph, is_drawn_bold) = fonts
            .glyph(Role::Text(Face::FangSong), true, '发')
            .expect("a glyph for 发");
        assert_eq!(face, 0);
        assert!(glyph > 0);
        assert!(is_drawn_bold, "the bundled face has no bold weight");
        assert!(fonts.glyph(Role::Latin, false, '7').is_some());
        let said: Vec<String> = fonts.stand_ins().iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 6, "{said:?}");
        assert_eq!(
            said[0],
            "仿宋_GB2312 未安装，使用 WenQuanYi Micro Hei（内置）"
        );
    }
}

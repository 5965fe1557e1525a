//! What 帮助 → 关于 and `plandraft --version` say: the version, the build date, where the
//! preferences live.

use std::path::Path;

/// The version and build date: `0.1.0 (2026-12-02)`.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PLANDRAFT_BUILD_DATE"),
    ")"
);

/// The date this binary was built (from `SOURCE_DATE_EPOCH` in a package build).
pub const BUILD_DATE: &str = env!("PLANDRAFT_BUILD_DATE");

/// `plandraft --version`: the version and build date, then where the preferences are kept
/// (the desktop app's; none in a build without it).
pub fn long_version(preferences: Option<&Path>) -> String {
    let place = preferences.map_or_else(
        || "(this build has no desktop app)".to_owned(),
        |p| p.display().to_string(),
    );
    format!(
        "{} (built {BUILD_DATE})\npreferences: {place}\nlicence: MIT OR Apache-2.0; bundled font WenQuanYi Micro Hei (Apache-2.0 or GPLv3 with font exception)",
        env!("CARGO_PKG_VERSION")
    )
}

//! Ready rule packs, embedded in the binary: select one by name
//! (`--pack secure-devops`, `PolicySetBuilder::pack("secure-devops")`).
//!
//! A pack is a set of `.gate` files; its rules, params and tests are
//! documented in `docs/packs.md`.
//!
//! ```
//! let pack = phasegate_stdlib::packs::get("secure-devops").unwrap();
//! assert!(pack.files.iter().any(|(path, _)| *path == "secure-devops/build.gate"));
//! assert_eq!(phasegate_stdlib::packs::names(), ["secure-devops"]);
//! ```

/// One rule pack: `.gate` files under a name.
#[derive(Debug)]
pub struct Pack {
    /// The name it is selected by (`secure-devops`).
    pub name: &'static str,
    /// One line on what it checks.
    pub description: &'static str,
    /// `(path, text)` of each file, the path relative to `stdlib/packs/`
    /// (`secure-devops/build.gate`), so diagnostics name the file.
    pub files: &'static [(&'static str, &'static str)],
}

macro_rules! pack_file {
    ($pack:literal, $file:literal) => {
        (
            concat!($pack, "/", $file),
            include_str!(concat!("../packs/", $pack, "/", $file)),
        )
    };
}

/// Every pack, by name.
static PACKS: &[Pack] = &[Pack {
    name: "secure-devops",
    description: "Secure DevOps practices for every phase: threat models, reviews, scans, \
                  signed and approved releases and deployments, hardened containers, alert SLAs",
    files: &[
        pack_file!("secure-devops", "common.gate"),
        pack_file!("secure-devops", "plan.gate"),
        pack_file!("secure-devops", "code.gate"),
        pack_file!("secure-devops", "build.gate"),
        pack_file!("secure-devops", "build-scans.gate"),
        pack_file!("secure-devops", "test.gate"),
        pack_file!("secure-devops", "release.gate"),
        pack_file!("secure-devops", "deploy.gate"),
        pack_file!("secure-devops", "operate.gate"),
        pack_file!("secure-devops", "monitor.gate"),
    ],
}];

/// The pack of that name.
pub fn get(name: &str) -> Option<&'static Pack> {
    PACKS.iter().find(|p| p.name == name)
}

/// The names of every pack.
pub fn names() -> Vec<&'static str> {
    PACKS.iter().map(|p| p.name).collect()
}

/// Every pack.
pub fn all() -> &'static [Pack] {
    PACKS
}

//! Built-in rule packs (`compile(pack="secure-devops")`) from
//! `phasegate_stdlib::packs` (cargo feature `packs`). Without the feature
//! `pack=` raises `NotImplementedError`.

use crate::errors::Failure;

/// The policy files of a built-in pack: `(display name, text)` in load order.
pub fn sources(name: &str) -> Result<Vec<(String, String)>, Failure> {
    #[cfg(feature = "packs")]
    {
        use phasegate_lang::diag::did_you_mean;
        use phasegate_stdlib::packs;
        match packs::get(name) {
            Some(pack) => Ok(pack
                .files
                .iter()
                .map(|(file, text)| (file.to_string(), text.to_string()))
                .collect()),
            None => {
                let names = packs::names();
                let known = names.join(", ");
                let f = Failure::new(
                    crate::errors::Kind::Policy,
                    "phasegate::compile::unknown_pack",
                    format!("no built-in pack `{name}`"),
                );
                Err(match did_you_mean(name, names.iter().copied()) {
                    Some(s) => f.help(format!("did you mean `{s}`? built-in packs: {known}")),
                    None => f.help(format!("built-in packs: {known}")),
                })
            }
        }
    }
    #[cfg(not(feature = "packs"))]
    {
        let _ = name;
        Err(Failure::not_built("the built-in rule packs"))
    }
}

//! The reports of `phasegate check`: formats, `--format`/`--output` pairing,
//! rendering and writing.

use phasegate_engine::Decision;
use phasegate_report::{html, human, json, junit, sarif, Gate};
use std::io::Write;
use std::path::PathBuf;

/// Output formats of `phasegate check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text grouped by phase, coloured on a terminal.
    Human,
    /// The stable decision document (docs/output.md).
    Json,
    /// One JSON object per line: per bundle with `--evidence-glob`/`--evidence-list`.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
    /// JUnit XML: a test suite per phase, a test case per rule.
    Junit,
    /// A self-contained HTML dashboard.
    Html,
}

impl Format {
    /// The name as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Html => "html",
        }
    }
}

/// One report to write: a format and its file (`None`: standard output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The format.
    pub format: Format,
    /// The file, or `None` for standard output.
    pub output: Option<PathBuf>,
}

/// The reports to write, from `--format` options each followed by its own `--output`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outputs {
    /// In the order the formats were given; never empty.
    pub targets: Vec<Target>,
}

impl clap::FromArgMatches for Outputs {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let formats: Vec<(usize, Format)> = match (m.indices_of("format"), m.get_many("format")) {
            (Some(i), Some(v)) => i.zip(v.copied()).collect(),
            _ => Vec::new(),
        };
        let outputs: Vec<(usize, PathBuf)> = match (m.indices_of("output"), m.get_many("output")) {
            (Some(i), Some(v)) => i.zip(v.cloned()).collect(),
            _ => Vec::new(),
        };
        pair_outputs(formats, outputs)
            .map(|targets| Outputs { targets })
            .map_err(|msg| clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, msg + "\n"))
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for Outputs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.arg(
            clap::Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .action(clap::ArgAction::Append)
                .value_parser(clap::value_parser!(Format))
                .help("Output format (default human); repeat it for several reports, each followed by its own --output"),
        )
        .arg(
            clap::Arg::new("output")
                .long("output")
                .short('o')
                .value_name("FILE")
                .action(clap::ArgAction::Append)
                .value_parser(clap::value_parser!(PathBuf))
                .help("Write the report of the preceding --format to FILE instead of standard output"),
        )
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// Pair each `--output` (by argument position) with the `--format` before it.
/// Without `--format` the format is human. A lone format and a lone output
/// pair whatever their order. At most one report goes to standard output,
/// and no two to the same file.
pub fn pair_outputs(
    mut formats: Vec<(usize, Format)>,
    outputs: Vec<(usize, PathBuf)>,
) -> Result<Vec<Target>, String> {
    if formats.is_empty() {
        formats.push((0, Format::Human));
    }
    let lone = formats.len() == 1 && outputs.len() == 1;
    let mut targets: Vec<Target> = formats
        .iter()
        .map(|(_, format)| Target {
            format: *format,
            output: None,
        })
        .collect();
    for (at, path) in outputs {
        let owner = match formats.iter().rposition(|(i, _)| *i < at) {
            Some(k) => k,
            None if lone => 0,
            None => {
                return Err(format!(
                    "--output {} comes before any --format; put each --output after the --format it is for",
                    path.display()
                ))
            }
        };
        let t = &mut targets[owner];
        if let Some(prev) = &t.output {
            return Err(format!(
                "--format {} has two outputs ({} and {}); give each output its own --format",
                t.format.name(),
                prev.display(),
                path.display()
            ));
        }
        if targets.iter().any(|o| o.output.as_ref() == Some(&path)) {
            return Err(format!(
                "two reports would be written to {}",
                path.display()
            ));
        }
        targets[owner].output = Some(path);
    }
    let to_stdout: Vec<&str> = targets
        .iter()
        .filter(|t| t.output.is_none())
        .map(|t| t.format.name())
        .collect();
    if to_stdout.len() > 1 {
        return Err(format!(
            "only one report can go to standard output, but {} have no --output",
            to_stdout.join(", ")
        ));
    }
    Ok(targets)
}

/// The report of one target, ending with a newline.
pub fn render(target: &Target, decision: &Decision, gate: &Gate) -> String {
    match target.format {
        Format::Human => {
            let color = target.output.is_none() && crate::render::stdout_color();
            let style = human::Style {
                color,
                verbose: false,
            };
            human::render(decision, gate, style)
        }
        Format::Json => json::to_json(decision) + "\n",
        Format::Jsonl => json::to_json_line(decision) + "\n",
        Format::Sarif => sarif::to_sarif(decision) + "\n",
        Format::Junit => junit::to_junit(decision),
        Format::Html => html::render(decision, gate),
    }
}

/// Write a report to its file or to standard output.
pub fn emit(target: &Target, text: &str) -> Result<(), String> {
    match &target.output {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            format!(
                "cannot write the {} report to {}: {e}",
                target.format.name(),
                path.display()
            )
        }),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write to standard output: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

//! The evidence kinds and their names (`kind=path` on the command line).

use super::AdapterError;
use std::borrow::Cow;
use std::fmt;

/// The GitHub webhook events the adapters understand, with their kind names.
pub const GITHUB_EVENTS: &[(&str, &str)] = &[
    ("pull_request", "github.pull_request"),
    ("pull_request_review", "github.pull_request_review"),
    ("push", "github.push"),
    ("deployment", "github.deployment"),
    ("deployment_status", "github.deployment_status"),
    ("workflow_run", "github.workflow_run"),
    ("workflow_job", "github.workflow_job"),
    ("release", "github.release"),
    ("check_run", "github.check_run"),
    ("code_scanning_alert", "github.code_scanning_alert"),
    ("secret_scanning_alert", "github.secret_scanning_alert"),
    ("dependabot_alert", "github.dependabot_alert"),
];

/// One evidence format.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// SARIF 2.1.0 from any tool (`sarif`).
    Sarif,
    /// gitleaks JSON report (`gitleaks`).
    Gitleaks,
    /// trufflehog v3 JSON lines (`trufflehog`).
    Trufflehog,
    /// Trivy JSON report of a secret scan (`trivy-secrets`); read like [`Kind::Trivy`].
    TrivySecrets,
    /// CycloneDX JSON SBOM, spec 1.2–1.6 (`cyclonedx`).
    CycloneDx,
    /// SPDX 2.3 JSON SBOM (`spdx`).
    Spdx,
    /// Trivy JSON report: vulnerabilities, secrets, misconfigurations (`trivy`).
    Trivy,
    /// Grype JSON report (`grype`).
    Grype,
    /// OSV-Scanner JSON report (`osv`).
    Osv,
    /// `npm audit --json`, report version 2 (`npm-audit`).
    NpmAudit,
    /// `pip-audit -f json` (`pip-audit`).
    PipAudit,
    /// CycloneDX VEX document (`vex`).
    Vex,
    /// Semgrep native JSON (`semgrep`).
    Semgrep,
    /// Bandit JSON (`bandit`).
    Bandit,
    /// Checkov JSON (`checkov`).
    Checkov,
    /// hadolint JSON (`hadolint`).
    Hadolint,
    /// ESLint JSON formatter output (`eslint`).
    Eslint,
    /// SonarQube `api/qualitygates/project_status` response (`sonar-quality-gate`).
    SonarQualityGate,
    /// SonarQube `api/issues/search` response or its `issues` list (`sonar-issues`).
    SonarIssues,
    /// A GitHub webhook payload of the named event (`github.<event>`).
    GithubEvent(String),
    /// GitHub GraphQL pull request data: reviews and status checks, as the `gh` CLI fetches them (`github.graphql-pr`).
    GithubGraphqlPr,
    /// The review history (approvals) of a workflow run's deployments, from GitHub's REST API (`github.deployment-reviews`).
    GithubDeploymentReviews,
    /// A GitHub Actions workflow file (`github-workflow`).
    GithubWorkflow,
    /// `.github/dependabot.yml` (`dependabot`).
    Dependabot,
    /// `renovate.json` (`renovate`).
    Renovate,
    /// Kubernetes manifests, multi-document YAML or JSON (`kubernetes`).
    Kubernetes,
    /// OpenSSF Scorecard JSON result (`scorecard`).
    Scorecard,
    /// OWASP ZAP traditional JSON report (`zap`).
    Zap,
    /// Nuclei JSON lines (`nuclei`).
    Nuclei,
}

/// The kinds with a fixed name, in documentation order.
const FIXED: &[(Kind, &str)] = &[
    (Kind::Sarif, "sarif"),
    (Kind::Gitleaks, "gitleaks"),
    (Kind::Trufflehog, "trufflehog"),
    (Kind::TrivySecrets, "trivy-secrets"),
    (Kind::CycloneDx, "cyclonedx"),
    (Kind::Spdx, "spdx"),
    (Kind::Trivy, "trivy"),
    (Kind::Grype, "grype"),
    (Kind::Osv, "osv"),
    (Kind::NpmAudit, "npm-audit"),
    (Kind::PipAudit, "pip-audit"),
    (Kind::Vex, "vex"),
    (Kind::Semgrep, "semgrep"),
    (Kind::Bandit, "bandit"),
    (Kind::Checkov, "checkov"),
    (Kind::Hadolint, "hadolint"),
    (Kind::Eslint, "eslint"),
    (Kind::SonarQualityGate, "sonar-quality-gate"),
    (Kind::SonarIssues, "sonar-issues"),
    (Kind::GithubGraphqlPr, "github.graphql-pr"),
    (Kind::GithubDeploymentReviews, "github.deployment-reviews"),
    (Kind::GithubWorkflow, "github-workflow"),
    (Kind::Dependabot, "dependabot"),
    (Kind::Renovate, "renovate"),
    (Kind::Kubernetes, "kubernetes"),
    (Kind::Scorecard, "scorecard"),
    (Kind::Zap, "zap"),
    (Kind::Nuclei, "nuclei"),
];

impl Kind {
    /// The name used on the command line (`sarif`, `github.pull_request`, …).
    pub fn as_str(&self) -> Cow<'static, str> {
        if let Kind::GithubEvent(event) = self {
            return match GITHUB_EVENTS.iter().find(|(e, _)| e == event) {
                Some((_, name)) => Cow::Borrowed(name),
                None => Cow::Owned(format!("github.{event}")),
            };
        }
        let name = FIXED
            .iter()
            .find(|(k, _)| k == self)
            .map(|(_, n)| *n)
            .unwrap_or("unknown");
        Cow::Borrowed(name)
    }

    /// Parse a kind name; unknown names get a "did you mean" hint.
    pub fn parse(name: &str) -> Result<Kind, AdapterError> {
        let wanted = name.trim();
        if let Some((k, _)) = FIXED.iter().find(|(_, n)| *n == wanted) {
            return Ok(k.clone());
        }
        if let Some((event, _)) = GITHUB_EVENTS.iter().find(|(_, n)| *n == wanted) {
            return Ok(Kind::GithubEvent(event.to_string()));
        }
        let names = Kind::names();
        let hint = phasegate_lang::diag::did_you_mean(wanted, names.iter().copied())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        Err(AdapterError::UnknownKind {
            name: wanted.to_string(),
            hint,
            known: names.join(", "),
        })
    }

    /// Every kind name, fixed kinds first, then the GitHub events.
    pub fn names() -> Vec<&'static str> {
        FIXED
            .iter()
            .map(|(_, n)| *n)
            .chain(GITHUB_EVENTS.iter().map(|(_, n)| *n))
            .collect()
    }

    /// A human name of the format, for error messages.
    pub(crate) fn format_name(&self) -> String {
        match self {
            Kind::Sarif => "SARIF 2.1.0".into(),
            Kind::Gitleaks => "gitleaks JSON report".into(),
            Kind::Trufflehog => "trufflehog JSON lines".into(),
            Kind::TrivySecrets | Kind::Trivy => "Trivy JSON report".into(),
            Kind::CycloneDx => "CycloneDX JSON SBOM".into(),
            Kind::Spdx => "SPDX 2.3 JSON".into(),
            Kind::Grype => "Grype JSON report".into(),
            Kind::Osv => "OSV-Scanner JSON report".into(),
            Kind::NpmAudit => "npm audit v2 JSON".into(),
            Kind::PipAudit => "pip-audit JSON".into(),
            Kind::Vex => "CycloneDX VEX".into(),
            Kind::Semgrep => "Semgrep JSON".into(),
            Kind::Bandit => "Bandit JSON".into(),
            Kind::Checkov => "Checkov JSON".into(),
            Kind::Hadolint => "hadolint JSON".into(),
            Kind::Eslint => "ESLint JSON".into(),
            Kind::SonarQualityGate => "SonarQube quality gate status".into(),
            Kind::SonarIssues => "SonarQube issues".into(),
            Kind::GithubEvent(e) => format!("GitHub `{e}` webhook payload"),
            Kind::GithubGraphqlPr => "GitHub GraphQL pull request".into(),
            Kind::GithubDeploymentReviews => "GitHub deployment review history".into(),
            Kind::GithubWorkflow => "GitHub Actions workflow".into(),
            Kind::Dependabot => "dependabot.yml".into(),
            Kind::Renovate => "renovate.json".into(),
            Kind::Kubernetes => "Kubernetes manifest".into(),
            Kind::Scorecard => "OpenSSF Scorecard JSON".into(),
            Kind::Zap => "OWASP ZAP JSON report".into(),
            Kind::Nuclei => "Nuclei JSON lines".into(),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = AdapterError;
    fn from_str(s: &str) -> Result<Kind, AdapterError> {
        Kind::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in Kind::names() {
            let kind = Kind::parse(name).unwrap();
            assert_eq!(kind.as_str(), name);
        }
    }

    #[test]
    fn unknown_names_get_a_hint() {
        let err = Kind::parse("sarf").unwrap_err().to_string();
        assert!(err.contains("did you mean `sarif`?"), "{err}");
        let err = Kind::parse("github.pull_reqest").unwrap_err().to_string();
        assert!(err.contains("`github.pull_request`"), "{err}");
    }
}

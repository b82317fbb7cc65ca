# build.sast-clean of the secure-devops pack, in Rego (stdlib/packs/secure-devops/build-scans.gate).
package bench.sast_clean

import data.bench.severity
import rego.v1

fail_at := "high"

categories := {"sast"}

sast_reports := {"sarif", "semgrep", "bandit", "eslint", "sonar-issues"}

loaded if {
	some s in input.sources
	s.kind in sast_reports
}

skip if not loaded


deny contains msg if {
	not skip
	some f in object.get(input, "findings", [])
	f.category in categories
	f.suppressed != true
	severity.at_least(f.severity, fail_at)
	msg := sprintf("%v %v (%v)%v", [f.tool, f.rule_id, f.severity, location(f.file, f.line)])
}

location(file, _) := "" if file == null

location(file, line) := sprintf(" at %v", [file]) if {
	file != null
	line == null
}

location(file, line) := sprintf(" at %v:%v", [file, line]) if {
	file != null
	line != null
}

result := {"status": "skip", "messages": []} if skip

else := {"status": "fail", "messages": deny} if count(deny) > 0

else := {"status": "pass", "messages": []}

# severity_at_least of phasegate's standard library (stdlib/src/builtins/security.rs), in Rego.
package bench.severity

import rego.v1

rank := {
	"critical": 4,
	"high": 3, "error": 3,
	"medium": 2, "moderate": 2, "warning": 2,
	"low": 1, "note": 1,
	"info": 0, "none": 0,
}

severity_rank(s) := rank[lower(trim_space(s))]

default severity_rank(_) := -1

at_least(s, threshold) if {
	is_string(s)
	severity_rank(s) >= severity_rank(threshold)
	severity_rank(threshold) >= 0
}

# monitor.sca-clean of the secure-devops pack, in Rego (stdlib/packs/secure-devops/monitor.gate).
package bench.sca_clean

import data.bench.severity
import rego.v1

fail_at := "high"

only_fixable := true

accepted := set()

skip if not input.vulnerabilities

offending(v) if {
	v.suppressed != true
	severity.at_least(v.severity, fail_at)
	fixable(v)
	not v.id in accepted
	not alias_accepted(v)
}

fixable(v) if v.fix_available == true

fixable(_) if not only_fixable

alias_accepted(v) if {
	some a in object.get(v, "aliases", [])
	a in accepted
}

package_name(name, version) := sprintf("%v", [name]) if version == null

else := sprintf("%v %v", [name, version])

fix(v) := sprintf("fixed in %v", [v.fixed_version]) if v.fixed_version != null

else := "a fix is available" if v.fix_available == true

else := "no fix known"

deny contains msg if {
	not skip
	some v in input.vulnerabilities
	offending(v)
	msg := sprintf("%v (%v) in %v: %v", [object.get(v, "id", "a vulnerability"), v.severity, package_name(v.package, v.installed_version), fix(v)])
}

result := {"status": "skip", "messages": []} if skip

else := {"status": "fail", "messages": deny} if count(deny) > 0

else := {"status": "pass", "messages": []}

# deploy.container-hardening of the secure-devops pack, in Rego (stdlib/packs/secure-devops/deploy.gate).
package bench.container_hardening

import rego.v1

required_limits := ["cpu", "memory"]

require_digest := false

allowed_registries := []

containers := [{"where": sprintf("%v/%v container %v", [m.kind, m.name, c.name]), "c": c} |
	some m in input.manifests
	m.workload == true
	some c in object.get(m, "containers", [])
]

skip if not input.manifests

skip if count(containers) == 0

limit(c, l) := object.get(object.get(object.get(c, "resources", {}), "limits", {}), l, null)

deny contains msg if {
	some x in containers
	x.c.run_as_non_root != true
	msg := sprintf("%v may run as root (set runAsNonRoot: true or a non-zero runAsUser)", [x.where])
}

deny contains msg if {
	some x in containers
	x.c.privileged == true
	msg := sprintf("%v is privileged", [x.where])
}

deny contains msg if {
	some x in containers
	x.c.read_only_root_filesystem != true
	msg := sprintf("%v has a writable root filesystem (set readOnlyRootFilesystem: true)", [x.where])
}

deny contains msg if {
	some x in containers
	missing := [l | some l in required_limits; limit(x.c, l) == null]
	count(missing) > 0
	msg := sprintf("%v has no %v limit", [x.where, concat("/", missing)])
}

deny contains msg if {
	some x in containers
	require_digest
	x.c.pinned_digest != true
	msg := sprintf("%v runs %v, not pinned by digest", [x.where, x.c.image])
}

deny contains msg if {
	some x in containers
	not require_digest
	x.c.latest_tag == true
	msg := sprintf("%v runs %v, the latest tag", [x.where, x.c.image])
}

deny contains msg if {
	some x in containers
	count(allowed_registries) > 0
	not allowed(x.c.image)
	msg := sprintf("%v runs %v, not from an allowed registry (%v)", [x.where, x.c.image, concat(", ", allowed_registries)])
}

allowed(image) if {
	some r in allowed_registries
	startswith(image, r)
}

result := {"status": "skip", "messages": []} if skip

else := {"status": "fail", "messages": deny} if count(deny) > 0

else := {"status": "pass", "messages": []}

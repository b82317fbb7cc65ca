# build.peer-review of the secure-devops pack, in Rego (stdlib/packs/secure-devops/build.gate).
package bench.peer_review

import rego.v1

min_approvals := 1

skip if not input.pull_request

skip if not input.reviews

author := input.pull_request.author if {
	input.pull_request.author != null
} else := input.pull_request.user.login

decisive := [r |
	some r in input.reviews
	r.state in {"approved", "changes_requested", "dismissed"}
]

# The latest decisive review of each reviewer.
latest := [r |
	some user in {x.user | some x in decisive}
	mine := [x | some x in decisive; x.user == user]
	t := max({x.submitted_at | some x in mine})
	some r in mine
	r.submitted_at == t
]

approvals := [r | some r in latest; r.state == "approved"; r.user != author]

deny contains msg if {
	not skip
	count(approvals) < min_approvals
	msg := sprintf(
		"PR #%v has %v approval(s) from reviewers other than its author %v (latest review of each reviewer), needs %v",
		[input.pull_request.number, count(approvals), author, min_approvals],
	)
}

result := {"status": "skip", "messages": []} if skip

else := {"status": "fail", "messages": deny} if count(deny) > 0

else := {"status": "pass", "messages": []}

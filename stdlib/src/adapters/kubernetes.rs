//! Kubernetes manifests (multi-document YAML, `List` objects) → `manifests`,
//! with the containers of every workload flattened and their effective
//! security settings computed (container settings override the pod's).

use super::fragment::Fragment;
use super::util::{self, items, path, s, str_list, Obj};
use super::AdapterError;
use phasegate_lang::value::Object;
use phasegate_lang::Value;

const EXPECTED: &str = "Kubernetes manifest";

/// `docs` is the list of YAML documents of the file.
pub(crate) fn load(file: &str, docs: &Value, out: &mut Fragment) -> Result<(), AdapterError> {
    let docs = util::list_at(docs, file, EXPECTED, "(documents)")?;
    out.list("manifests");
    for (index, doc) in docs.iter().enumerate() {
        util::require_item(doc, file, EXPECTED, "(documents)", index)?;
        if doc.get("kind").as_str() == Some("List") {
            for item in items(doc.get("items")) {
                if item.as_object().is_some() {
                    out.push("manifests", manifest(file, index, item));
                }
            }
        } else {
            out.push("manifests", manifest(file, index, doc));
        }
    }
    Ok(())
}

/// Where the pod spec of a workload lives.
fn pod_spec(obj: &Value) -> &Value {
    let spec = obj.get("spec");
    match obj.get("kind").as_str().unwrap_or("") {
        "Pod" => spec,
        "CronJob" => path(spec, &["jobTemplate", "spec", "template", "spec"]),
        _ => path(spec, &["template", "spec"]),
    }
}

fn manifest(file: &str, index: usize, obj: &Value) -> Value {
    let meta = obj.get("metadata");
    let pod = pod_spec(obj);
    let is_pod = pod.as_object().is_some()
        && (!pod.get("containers").is_null() || !pod.get("initContainers").is_null());
    let mut containers = Vec::new();
    if is_pod {
        for (key, init) in [("initContainers", true), ("containers", false)] {
            for c in items(pod.get(key))
                .iter()
                .filter(|c| c.as_object().is_some())
            {
                containers.push(container(pod, c, init));
            }
        }
    }
    Obj::new()
        .set("kind", s(obj.get("kind")))
        .set("api_version", s(obj.get("apiVersion")))
        .set("name", s(meta.get("name")))
        .set("namespace", s(meta.get("namespace")))
        .set("labels", obj_or_empty(meta.get("labels")))
        .set("workload", is_pod)
        .set(
            "host_network",
            pod.get("hostNetwork").as_bool().unwrap_or(false),
        )
        .set("host_pid", pod.get("hostPID").as_bool().unwrap_or(false))
        .set("host_ipc", pod.get("hostIPC").as_bool().unwrap_or(false))
        .set("service_account", s(pod.get("serviceAccountName")))
        .set(
            "automount_service_account_token",
            util::boolean(pod.get("automountServiceAccountToken")),
        )
        .set("containers", Value::array(containers))
        .set("file", file)
        .set("document", index as i64)
        .set("location", util::location(&Value::str(file), &Value::Null))
        .set("source", file)
        .build()
}

/// The value if it is an object, else an empty object.
fn obj_or_empty(v: &Value) -> Value {
    match v {
        Value::Object(_) => v.clone(),
        _ => Value::object(Object::default()),
    }
}

/// `name[:tag][@digest]` → (tag, digest).
fn image_parts(image: &str) -> (Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let tag = rest
        .rsplit_once(':')
        .filter(|(_, t)| !t.contains('/'))
        .map(|(_, t)| t);
    (tag, digest)
}

fn container(pod: &Value, c: &Value, init: bool) -> Value {
    let image = c.get("image").as_str().unwrap_or("");
    let (tag, digest) = image_parts(image);
    let pinned = digest
        .and_then(|d| d.strip_prefix("sha256:"))
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let csc = c.get("securityContext");
    let psc = pod.get("securityContext");
    // Settings both levels have: the container's wins.
    let either = |key: &str| {
        let v = csc.get(key);
        if v.is_null() {
            psc.get(key).clone()
        } else {
            v.clone()
        }
    };
    let run_as_user = util::int(&either("runAsUser"));
    let non_root = match either("runAsNonRoot").as_bool() {
        Some(b) => Value::Bool(b),
        None => match run_as_user.as_int() {
            Some(uid) => Value::Bool(uid != 0),
            None => Value::Null,
        },
    };
    let caps = csc.get("capabilities");
    let names = |v: &Value| str_list(items(v).iter().filter_map(|x| x.as_str()));
    let res = c.get("resources");
    Obj::new()
        .set("name", s(c.get("name")))
        .set("image", s(c.get("image")))
        .set("image_tag", tag.map(Value::str).unwrap_or(Value::Null))
        .set(
            "image_digest",
            digest.map(Value::str).unwrap_or(Value::Null),
        )
        .set("pinned_digest", pinned)
        .set(
            "latest_tag",
            tag == Some("latest") || (tag.is_none() && digest.is_none()),
        )
        .set("init", init)
        .set("security_context", csc.clone())
        .set("run_as_non_root", non_root)
        .set("run_as_user", run_as_user)
        .set(
            "privileged",
            csc.get("privileged").as_bool().unwrap_or(false),
        )
        .set(
            "allow_privilege_escalation",
            util::boolean(csc.get("allowPrivilegeEscalation")),
        )
        .set(
            "read_only_root_filesystem",
            csc.get("readOnlyRootFilesystem").as_bool().unwrap_or(false),
        )
        .set("capabilities_add", names(caps.get("add")))
        .set("capabilities_drop", names(caps.get("drop")))
        .set("seccomp_profile", s(either("seccompProfile").get("type")))
        .set(
            "resources",
            Obj::new()
                .set("limits", obj_or_empty(res.get("limits")))
                .set("requests", obj_or_empty(res.get("requests"))),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::image_parts;

    #[test]
    fn image_references_split() {
        assert_eq!(image_parts("nginx:1.14.2"), (Some("1.14.2"), None));
        assert_eq!(image_parts("localhost:5000/app"), (None, None));
        assert_eq!(
            image_parts("r:5000/app:v1@sha256:ab"),
            (Some("v1"), Some("sha256:ab"))
        );
        assert_eq!(image_parts("app@sha256:ab"), (None, Some("sha256:ab")));
    }
}

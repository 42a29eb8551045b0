//! The HTTP side of the emulator: `POST /bot<token>/<method>`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Map, Value, json};

use super::objects::{bot_message, bot_user};
use super::spec::Method;
use super::{Call, Fault, Shared};

const MAX_POLL: Duration = Duration::from_secs(50);

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{token}/{method}", post(handle).get(handle))
        .with_state(shared)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((token, method_name)): Path<(String, String)>,
    request: Request,
) -> Response {
    if !token.starts_with("bot") {
        return error(StatusCode::NOT_FOUND, "Not Found", None);
    }
    let Some(method) = shared.spec.method(&method_name) else {
        let problem = format!("unknown method `{method_name}`");
        shared.lock().violations.push(problem);
        return error(StatusCode::NOT_FOUND, "Not Found: method not found", None);
    };
    let params = match read_params(&shared, method, request).await {
        Ok(params) => params,
        Err(problem) => {
            shared
                .lock()
                .violations
                .push(format!("{}: {problem}", method.name));
            return error(
                StatusCode::BAD_REQUEST,
                &format!("Bad Request: {problem}"),
                None,
            );
        }
    };
    let problems = shared.spec.violations(method, &params);
    if !problems.is_empty() {
        let description = format!("Bad Request: {}", problems.join("; "));
        let mut inner = shared.lock();
        inner.violations.extend(problems);
        record(&shared, &mut inner, method, params, 400);
        return error(StatusCode::BAD_REQUEST, &description, None);
    }
    {
        let mut inner = shared.lock();
        if let Some(fault) = inner.general_fault() {
            let (status, response) = fault_response(fault);
            record(&shared, &mut inner, method, params, status);
            return response;
        }
    }
    if method.name == "getUpdates" {
        return get_updates(&shared, &params).await;
    }
    {
        // Telegram knows a private chat once its user has opened the bot.
        let mut inner = shared.lock();
        let stranger = |chat: i64| chat > 0 && !inner.met.contains(&chat);
        let sent_to = params.get("chat_id").and_then(Value::as_i64);
        let refusal = if scoped_chat(&params).is_some_and(stranger) {
            Some((StatusCode::BAD_REQUEST, "Bad Request: chat not found"))
        } else if inner.refuses_strangers
            && method.name.starts_with("send")
            && sent_to.is_some_and(stranger)
        {
            let words = "Forbidden: bot can't initiate conversation with a user";
            Some((StatusCode::FORBIDDEN, words))
        } else {
            None
        };
        if let Some((status, description)) = refusal {
            record(&shared, &mut inner, method, params, status.as_u16());
            return error(status, description, None);
        }
    }
    respond(&shared, method, params)
}

/// The chat a command menu is scoped to (`setMyCommands`, `deleteMyCommands`).
fn scoped_chat(params: &Map<String, Value>) -> Option<i64> {
    let scope = params.get("scope")?;
    (scope.get("type")?.as_str()? == "chat")
        .then(|| scope.get("chat_id")?.as_i64())
        .flatten()
}

fn respond(shared: &Shared, method: &Method, params: Map<String, Value>) -> Response {
    let mut inner = shared.lock();
    let chat_id = params.get("chat_id").and_then(Value::as_i64);
    let fault = inner
        .faults
        .get_mut(&method.name.to_ascii_lowercase())
        .and_then(|queue| queue.pop_front())
        .or_else(|| {
            chat_id
                .filter(|id| inner.blocked.contains(id))
                .map(|_| Fault::Forbidden)
        });
    let fault = fault.or_else(|| {
        let chat = chat_id.filter(|_| method.name.starts_with("send"))?;
        inner.chat_faults.get_mut(&chat)?.pop_front()
    });
    let fault = fault.or_else(|| {
        let (until, fault) = inner.outage?;
        (method.name.starts_with("send") && std::time::Instant::now() < until).then_some(fault)
    });
    let fault = fault.or_else(|| {
        let limits = inner.limits?;
        let chat = chat_id.filter(|_| method.name.starts_with("send"))?;
        // JSON gives a boolean, a multipart upload the text "true".
        let paid = params
            .get("allow_paid_broadcast")
            .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
        inner.pace.admit(limits, chat, paid).map(Fault::RetryAfter)
    });
    if let Some(fault) = fault {
        let (status, response) = fault_response(fault);
        record(shared, &mut inner, method, params, status);
        return response;
    }
    let photo_id = match params.get("photo").and_then(Value::as_str) {
        Some(upload) if upload.starts_with("<upload") => {
            inner.uploads += 1;
            let id = format!("photo-upload-{}", inner.uploads);
            inner.files.insert(id.clone());
            Some(id)
        }
        Some(named) if inner.files.contains(named) => Some(named.to_owned()),
        Some(_) => {
            let description = "Bad Request: wrong file identifier/HTTP URL specified";
            inner
                .violations
                .push(format!("{}: {description}", method.name));
            record(shared, &mut inner, method, params, 400);
            return error(StatusCode::BAD_REQUEST, description, None);
        }
        None => None,
    };
    let date = chrono::Utc::now().timestamp();
    let result = match method.returns.first().map(String::as_str) {
        Some("Message") => {
            let message_id = match params.get("message_id").and_then(Value::as_i64) {
                Some(edited) => edited,
                None => {
                    let id = inner.next_message_id;
                    inner.next_message_id += 1;
                    id
                }
            };
            let chat = chat_id.unwrap_or_default();
            let mut message = bot_message(message_id, chat, date, &params, photo_id.as_deref());
            if let (Some(previous), Some(obj)) = (
                inner.messages.get(&(chat, message_id)),
                message.as_object_mut(),
            ) {
                // An edit keeps what it does not replace, but an edit without
                // reply_markup removes the keyboard, as Telegram does.
                for key in ["text", "caption"] {
                    if !obj.contains_key(key)
                        && let Some(old) = previous.get(key)
                    {
                        obj.insert(key.into(), old.clone());
                    }
                }
                obj.insert("edit_date".into(), date.into());
            }
            inner.messages.insert((chat, message_id), message.clone());
            message
        }
        Some("User") => bot_user(),
        _ => Value::Bool(true),
    };
    record(shared, &mut inner, method, params, 200);
    (
        StatusCode::OK,
        axum::Json(json!({"ok": true, "result": result})),
    )
        .into_response()
}

fn record(
    shared: &Shared,
    inner: &mut super::Inner,
    method: &Method,
    params: Map<String, Value>,
    status: u16,
) {
    inner.calls.push(Call {
        method: method.name.clone(),
        params,
        status,
        at: std::time::Instant::now(),
    });
    shared.call_recorded.notify_waiters();
}

async fn get_updates(shared: &Shared, params: &Map<String, Value>) -> Response {
    let offset = params.get("offset").and_then(Value::as_i64).unwrap_or(0);
    let limit = params
        .get("limit")
        .and_then(Value::as_u64)
        .map_or(100, |l| l.clamp(1, 100)) as usize;
    let timeout = params
        .get("timeout")
        .and_then(Value::as_u64)
        .map_or(Duration::ZERO, Duration::from_secs)
        .min(MAX_POLL);
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let notified = shared.updates_queued.notified();
        {
            let mut inner = shared.lock();
            // A poll waiting when Telegram goes down fails rather than deliver.
            if inner.down {
                return fault_response(Fault::ServerError(502)).1;
            }
            // An update is confirmed once getUpdates asks for an offset above it.
            while inner
                .pending
                .front()
                .and_then(|u| u.get("update_id"))
                .and_then(Value::as_i64)
                .is_some_and(|id| id < offset)
            {
                inner.pending.pop_front();
            }
            if let Some(again) = inner.redeliver.pop_front() {
                return (
                    StatusCode::OK,
                    axum::Json(json!({"ok": true, "result": [again]})),
                )
                    .into_response();
            }
            if !inner.pending.is_empty() || tokio::time::Instant::now() >= deadline {
                let batch: Vec<Value> = inner.pending.iter().take(limit).cloned().collect();
                return (
                    StatusCode::OK,
                    axum::Json(json!({"ok": true, "result": batch})),
                )
                    .into_response();
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

/// The status recorded for `fault`, and the answer.
fn fault_response(fault: Fault) -> (u16, Response) {
    let (status, response) = match fault {
        Fault::RetryAfter(seconds) => {
            let status = StatusCode::TOO_MANY_REQUESTS;
            let description = format!("Too Many Requests: retry after {seconds}");
            (status, error(status, &description, Some(seconds)))
        }
        Fault::Forbidden => {
            let status = StatusCode::FORBIDDEN;
            (
                status,
                error(status, "Forbidden: bot was blocked by the user", None),
            )
        }
        Fault::Unauthorized => {
            let status = StatusCode::UNAUTHORIZED;
            (status, error(status, "Unauthorized", None))
        }
        Fault::ServerError(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
            (status, error(status, "Bad Gateway", None))
        }
        Fault::Unreachable => {
            // Headers go out, then the body fails: the client sees the
            // connection break before any answer.
            let broken = futures::stream::once(async {
                Err::<Bytes, _>(std::io::Error::other("connection reset"))
            });
            return (0, axum::body::Body::from_stream(broken).into_response());
        }
    };
    (status.as_u16(), response)
}

fn error(status: StatusCode, description: &str, retry_after: Option<u32>) -> Response {
    let mut body = json!({"ok": false, "error_code": status.as_u16(), "description": description});
    if let (Some(seconds), Some(obj)) = (retry_after, body.as_object_mut()) {
        obj.insert("parameters".into(), json!({"retry_after": seconds}));
    }
    (status, axum::Json(body)).into_response()
}

/// The request's parameters, from a JSON body, a form, a query string or multipart.
async fn read_params(
    shared: &Shared,
    method: &Method,
    request: Request,
) -> Result<Map<String, Value>, String> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let query = request.uri().query().unwrap_or("").to_owned();
    let mut params: Map<String, Value> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| {
            let value = typed(shared, method, &k, v.into_owned());
            (k.into_owned(), value)
        })
        .collect();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|e| format!("unreadable multipart body: {e}"))?;
        let mut files = std::collections::HashMap::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| format!("unreadable multipart field: {e}"))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| format!("unreadable multipart field `{name}`: {e}"))?;
            match file_name {
                // An uploaded file: the call shows that it came and its size; its
                // bytes are kept aside for tests that read what was sent.
                Some(file) => {
                    shared.lock().uploaded.push((file.clone(), bytes.to_vec()));
                    files.insert(
                        name,
                        Value::String(format!("<upload {file}, {} bytes>", bytes.len())),
                    );
                }
                None => {
                    let value = typed(
                        shared,
                        method,
                        &name,
                        String::from_utf8_lossy(&bytes).into_owned(),
                    );
                    params.insert(name, value);
                }
            }
        }
        // A file goes either under its parameter's own name, or under any name
        // that a parameter points at as `attach://<name>`.
        for value in params.values_mut() {
            let attached = value
                .as_str()
                .and_then(|v| v.strip_prefix("attach://"))
                .map(str::to_owned);
            if let Some(upload) = attached.and_then(|name| files.remove(&name)) {
                *value = upload;
            }
        }
        params.extend(files);
        return Ok(params);
    }
    let body = Bytes::from_request(request, &())
        .await
        .map_err(|e| format!("unreadable body: {e}"))?;
    if body.is_empty() {
        return Ok(params);
    }
    if content_type.starts_with("application/json") {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(map)) => params.extend(map),
            Ok(_) => return Err("the JSON body is not an object".into()),
            Err(e) => return Err(format!("the JSON body does not parse: {e}")),
        }
    } else {
        for (k, v) in url::form_urlencoded::parse(&body) {
            let value = typed(shared, method, &k, v.into_owned());
            params.insert(k.into_owned(), value);
        }
    }
    Ok(params)
}

/// Form and multipart fields are strings on the wire; Telegram reads the
/// non-string ones as JSON.
fn typed(shared: &Shared, method: &Method, name: &str, raw: String) -> Value {
    let types = shared.spec.declared_types(method, name);
    if types.iter().all(|t| t == "String") {
        return Value::String(raw);
    }
    serde_json::from_str(&raw).unwrap_or(Value::String(raw))
}

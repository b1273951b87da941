//! `multipart/form-data` bodies of routes with `multipart` limits (`CompiledRoute.multipart`),
//! parsed here with multer while they arrive. File parts are written chunk by chunk to temp files
//! (`bolt-upload-*` in `std::env::temp_dir()`), other fields are collected within `fieldSize`,
//! and JavaScript receives the result (a `NativeMultipart`, as JSON in the batch's body bytes)
//! instead of the body. Nothing holds the whole body: per upload, memory holds at most about one
//! hyper frame plus [`POLL_BUDGET`] bytes.
//!
//! Over a limit (`bodyLimit` caps the whole request) or on a malformed body, reading stops at
//! once, the files written so far are removed and JavaScript receives `{ok: false, limit,
//! message}` (core answers 413 naming the limit); the connection then closes, since the rest of
//! the body is never read. A stalled body is answered 408 and a broken one 400 by Rust, as for
//! any other route.
//!
//! Temp files are removed by Rust, once hyper is done with the response (its body dropped: every
//! byte handed to hyper, or the client gone) and never before JavaScript answered: a handler may
//! read them until it answers, even when the client has left, and a `file()` answer of one still
//! sends it (Rust opens the file before it is removed). A handler that needs a file after its
//! answer moves or copies it first. Rust owns the removal so that no path leaks a file: a request
//! shed before JavaScript saw it, a JS worker that died, or a server closed mid-request.

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::Stream;
use http::{HeaderMap, HeaderValue, Response};
use http_body::Body;
use hyper::body::Incoming;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::sync::oneshot;
use tokio::time::{Instant, Sleep};

use crate::body::ResBody;
use crate::config::MultipartSpec;
use crate::dispatch::Reply;
use crate::router::byte_limit;

/// Bytes the parser may pull from the body before it must hand on what it has. multer reads its
/// stream until the stream has nothing ready, so on a fast link it would otherwise buffer as
/// much as the socket holds (megabytes on loopback) before yielding one chunk.
const POLL_BUDGET: usize = 64 * 1024;

/// `MultipartLimits` as Rust compares them.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
  file_size: u64,
  files: u64,
  fields: u64,
  field_size: u64,
  parts: u64,
}

impl Limits {
  pub fn from_spec(spec: &MultipartSpec) -> Self {
    Self {
      file_size: byte_limit(spec.file_size),
      files: byte_limit(spec.files),
      fields: byte_limit(spec.fields),
      field_size: byte_limit(spec.field_size),
      parts: byte_limit(spec.parts),
    }
  }
}

/// The limit a body went over: a `MultipartLimits` key, or the route's `bodyLimit`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Exceeded {
  FileSize,
  Files,
  Fields,
  FieldSize,
  Parts,
  BodyLimit,
}

impl Exceeded {
  fn key(self) -> &'static str {
    match self {
      Exceeded::FileSize => "fileSize",
      Exceeded::Files => "files",
      Exceeded::Fields => "fields",
      Exceeded::FieldSize => "fieldSize",
      Exceeded::Parts => "parts",
      Exceeded::BodyLimit => "bodyLimit",
    }
  }

  /// What went over, in words a client can act on.
  fn message(self, limit: u64, name: &str) -> String {
    let what = match self {
      Exceeded::FileSize => format!("the file in field \"{name}\" is larger than {limit} bytes"),
      Exceeded::Files => format!("more than {limit} files were sent"),
      Exceeded::Fields => format!("more than {limit} non-file fields were sent"),
      Exceeded::FieldSize => format!("the value of field \"{name}\" is longer than {limit} bytes"),
      Exceeded::Parts => format!("more than {limit} parts were sent"),
      Exceeded::BodyLimit => format!("the request body is larger than {limit} bytes"),
    };
    format!("{what} (this route's {} limit); send less, or raise the limit on the route", self.key())
  }
}

/// The boundary when the request is `multipart/form-data`: `None` for any other content type
/// (the body is then read as usual), `Some(Err)` when a multipart body has no usable boundary.
pub fn boundary(headers: &HeaderMap) -> Option<Result<String, String>> {
  let value = headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?;
  let essence = value.split(';').next().unwrap_or("").trim();
  if !essence.eq_ignore_ascii_case("multipart/form-data") {
    return None;
  }
  Some(multer::parse_boundary(value).map_err(|e| {
    format!("the multipart/form-data content type has no usable boundary ({e}); send `multipart/form-data; boundary=...`")
  }))
}

/// The temp files of one request; dropping this removes them. Removal is a synchronous unlink (a
/// few microseconds per file) so that it also happens when the runtime is shutting down.
#[derive(Default)]
pub struct Uploads {
  paths: Vec<PathBuf>,
}

impl Uploads {
  fn is_empty(&self) -> bool {
    self.paths.is_empty()
  }

  /// Creates a new, empty, owner-only temp file; its path is recorded before a byte is written,
  /// so a partial file is removed like a complete one.
  async fn create(&mut self) -> io::Result<(PathBuf, tokio::fs::File)> {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    loop {
      // Unique within the process by the sequence, across processes by the pid; `create_new`
      // (O_EXCL) makes a leftover from an earlier process with the same pid a retry, never a reuse.
      let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
      let name = format!("bolt-upload-{}-{}-{nanos:08x}", std::process::id(), SEQUENCE.fetch_add(1, Ordering::Relaxed));
      let path = dir.join(name);
      let mut options = tokio::fs::OpenOptions::new();
      options.write(true).create_new(true);
      #[cfg(unix)]
      options.mode(0o600);
      match options.open(&path).await {
        Ok(file) => {
          self.paths.push(path.clone());
          return Ok((path, file));
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
        Err(e) => return Err(e),
      }
    }
  }
}

impl Drop for Uploads {
  fn drop(&mut self) {
    for path in self.paths.drain(..) {
      if let Err(e) = std::fs::remove_file(&path) {
        if e.kind() != io::ErrorKind::NotFound {
          eprintln!("bolt(rust): could not remove upload temp file {} ({e})", path.display());
        }
      }
    }
  }
}

/// A parsed body, as JavaScript receives it.
pub struct Parsed {
  /// The `NativeMultipart` record, JSON.
  pub record: Bytes,
  /// The files the record names (none when it is `ok: false`).
  pub uploads: Uploads,
  /// The body was read to its end; otherwise the connection must close after the answer.
  pub whole: bool,
}

/// Bodies Rust answers itself.
pub enum Failed {
  /// The client paused longer than the body timeout, or the request outlasted its deadline: 408.
  TimedOut,
  /// The body broke off (connection closed, bad chunked framing): 400.
  Broken,
  /// A temp file could not be created or written (disk full, ...): 500.
  Disk(io::Error),
}

/// Why the body stream ended early; carried through multer as its stream error.
#[derive(Debug, Clone, Copy)]
enum Stop {
  TooLarge(u64),
  TimedOut,
  Broken,
}

impl std::fmt::Display for Stop {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    f.write_str(match self {
      Stop::TooLarge(_) => "body over its limit",
      Stop::TimedOut => "body timed out",
      Stop::Broken => "body broke off",
    })
  }
}

impl std::error::Error for Stop {}

/// Why parsing stopped.
enum Fail {
  Over(Exceeded, String),
  Malformed(String),
  Answered(Failed),
}

impl Fail {
  fn over(limit: Exceeded, value: u64, name: &str) -> Self {
    Fail::Over(limit, limit.message(value, name))
  }
}

impl From<multer::Error> for Fail {
  fn from(e: multer::Error) -> Self {
    if let multer::Error::StreamReadFailed(inner) = &e {
      match inner.downcast_ref::<Stop>() {
        Some(Stop::TooLarge(limit)) => return Fail::over(Exceeded::BodyLimit, *limit, ""),
        Some(Stop::TimedOut) => return Fail::Answered(Failed::TimedOut),
        Some(Stop::Broken) => return Fail::Answered(Failed::Broken),
        None => {}
      }
    }
    Fail::Malformed(format!("the multipart body is malformed ({e}); send it as multipart/form-data encoders do"))
  }
}

impl From<io::Error> for Fail {
  fn from(e: io::Error) -> Self {
    Fail::Answered(Failed::Disk(e))
  }
}

/// The request body as multer reads it: within `limit` bytes, at most `idle` between two
/// pieces and until `end`, and yielding after [`POLL_BUDGET`] bytes (see there).
struct BodyStream {
  body: Incoming,
  limit: u64,
  received: u64,
  budget: usize,
  idle: Duration,
  /// Re-armed whenever a wait for the next piece starts.
  idle_timer: Pin<Box<Sleep>>,
  waiting: bool,
  end: Pin<Box<Sleep>>,
  done: bool,
}

impl BodyStream {
  fn new(body: Incoming, limit: u64, idle: Duration, total: Duration) -> Self {
    let now = Instant::now();
    Self {
      body,
      limit,
      received: 0,
      budget: POLL_BUDGET,
      idle,
      idle_timer: Box::pin(tokio::time::sleep_until(now + idle)),
      waiting: false,
      end: Box::pin(tokio::time::sleep_until(now + total)),
      done: false,
    }
  }

  fn stop(&mut self, why: Stop) -> Poll<Option<Result<Bytes, Stop>>> {
    self.done = true;
    Poll::Ready(Some(Err(why)))
  }
}

impl Stream for BodyStream {
  type Item = Result<Bytes, Stop>;

  fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
    let this = self.get_mut();
    if this.done {
      return Poll::Ready(None);
    }
    if this.budget == 0 {
      this.budget = POLL_BUDGET;
      cx.waker().wake_by_ref();
      return Poll::Pending;
    }
    loop {
      if !this.waiting {
        this.waiting = true;
        let at = Instant::now() + this.idle;
        this.idle_timer.as_mut().reset(at);
      }
      match Pin::new(&mut this.body).poll_frame(cx) {
        Poll::Ready(None) => {
          this.done = true;
          return Poll::Ready(None);
        }
        Poll::Ready(Some(Err(_))) => return this.stop(Stop::Broken),
        Poll::Ready(Some(Ok(frame))) => {
          this.waiting = false;
          let Ok(data) = frame.into_data() else { continue };
          this.received += data.len() as u64;
          if this.received > this.limit {
            return this.stop(Stop::TooLarge(this.limit));
          }
          this.budget = this.budget.saturating_sub(data.len());
          return Poll::Ready(Some(Ok(data)));
        }
        Poll::Pending => {
          if this.end.as_mut().poll(cx).is_ready() || this.idle_timer.as_mut().poll(cx).is_ready() {
            return this.stop(Stop::TimedOut);
          }
          return Poll::Pending;
        }
      }
    }
  }
}

/// What was read so far.
#[derive(Default)]
struct Form {
  fields: Vec<(String, String)>,
  files: Vec<Value>,
  parts: u64,
  file_count: u64,
}

/// Parses the body of a multipart route within `limits` and `body_limit`.
pub async fn read(body: Incoming, boundary: Result<String, String>, limits: &Limits, body_limit: u64, idle: Duration, total: Duration) -> Result<Parsed, Failed> {
  let boundary = match boundary {
    Ok(b) => b,
    Err(message) => return Ok(rejected(None, message, body.is_end_stream())),
  };
  // Announced over the limit: refused before a byte of it is read.
  if body.size_hint().lower() > body_limit {
    return Ok(rejected(Some(Exceeded::BodyLimit), Exceeded::BodyLimit.message(body_limit, ""), false));
  }
  let mut uploads = Uploads::default();
  let mut form = Form::default();
  let stream = BodyStream::new(body, body_limit, idle, total);
  match parse(multer::Multipart::new(stream, boundary), limits, &mut uploads, &mut form).await {
    Ok(()) => {
      let record = json!({ "ok": true, "fields": form.fields, "files": form.files });
      Ok(Parsed { record: Bytes::from(record.to_string()), uploads, whole: true })
    }
    // `uploads` drops here: what was written is removed before JavaScript hears of the failure.
    Err(Fail::Over(limit, message)) => Ok(rejected(Some(limit), message, false)),
    Err(Fail::Malformed(message)) => Ok(rejected(None, message, false)),
    Err(Fail::Answered(failed)) => Err(failed),
  }
}

fn rejected(limit: Option<Exceeded>, message: String, whole: bool) -> Parsed {
  let record = match limit {
    Some(l) => json!({ "ok": false, "limit": l.key(), "message": message }),
    None => json!({ "ok": false, "message": message }),
  };
  Parsed { record: Bytes::from(record.to_string()), uploads: Uploads::default(), whole }
}

async fn parse(mut multipart: multer::Multipart<'_>, limits: &Limits, uploads: &mut Uploads, form: &mut Form) -> Result<(), Fail> {
  while let Some(mut field) = multipart.next_field().await? {
    form.parts += 1;
    if form.parts > limits.parts {
      return Err(Fail::over(Exceeded::Parts, limits.parts, ""));
    }
    let name = field.name().unwrap_or("").to_owned();
    // A part with a `filename` is a file, even an empty one (a file input left empty).
    let Some(filename) = field.file_name().map(str::to_owned) else {
      if form.fields.len() as u64 >= limits.fields {
        return Err(Fail::over(Exceeded::Fields, limits.fields, &name));
      }
      let mut value = Vec::new();
      while let Some(chunk) = field.chunk().await? {
        if (value.len() + chunk.len()) as u64 > limits.field_size {
          return Err(Fail::over(Exceeded::FieldSize, limits.field_size, &name));
        }
        value.extend_from_slice(&chunk);
      }
      // As busboy decodes fields: UTF-8, invalid bytes replaced.
      form.fields.push((name, String::from_utf8_lossy(&value).into_owned()));
      continue;
    };
    form.file_count += 1;
    if form.file_count > limits.files {
      return Err(Fail::over(Exceeded::Files, limits.files, &name));
    }
    let content_type = field.content_type().map_or_else(|| "application/octet-stream".to_owned(), |m| m.to_string());
    let (path, mut file) = uploads.create().await?;
    let mut size: u64 = 0;
    while let Some(chunk) = field.chunk().await? {
      size += chunk.len() as u64;
      if size > limits.file_size {
        return Err(Fail::over(Exceeded::FileSize, limits.file_size, &name));
      }
      file.write_all(&chunk).await?;
    }
    // tokio writes on a blocking thread: a write is complete only once flushed.
    file.flush().await?;
    drop(file);
    form.files.push(json!({
      "field": name,
      "filename": filename,
      "contentType": content_type,
      "size": size,
      "path": path.to_string_lossy(),
    }));
  }
  Ok(())
}

/// Waits for JavaScript's answer. A request with uploads keeps them until that answer arrives,
/// in a task of its own: if the request is dropped first (the client left), the files stay until
/// the handler is done with them, then go.
pub async fn answered(rx: oneshot::Receiver<Reply>, uploads: Option<Uploads>) -> Result<(Reply, Option<Uploads>), oneshot::error::RecvError> {
  match uploads {
    Some(uploads) if !uploads.is_empty() => {
      let (tx, relayed) = oneshot::channel();
      tokio::spawn(async move {
        if let Ok(reply) = rx.await {
          // Refused: the request is gone; reply and files drop here, the files are removed.
          let _ = tx.send((reply, uploads));
        }
      });
      relayed.await.map(|(reply, uploads)| (reply, Some(uploads)))
    }
    _ => rx.await.map(|reply| (reply, None)),
  }
}

/// Gives the response what the upload needs: its files, removed when hyper drops the body, and
/// `connection: close` when the body was not read to its end.
pub fn attach(res: &mut Response<ResBody>, uploads: Option<Uploads>, whole: bool) {
  if let Some(uploads) = uploads {
    res.body_mut().hold(Box::new(uploads));
  }
  if !whole {
    res.headers_mut().insert(http::header::CONNECTION, HeaderValue::from_static("close"));
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn typed(value: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(http::header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
    h
  }

  #[test]
  fn only_form_data_is_parsed_here() {
    assert_eq!(boundary(&typed("multipart/form-data; boundary=abc")), Some(Ok("abc".into())));
    assert_eq!(boundary(&typed("Multipart/Form-Data; boundary=\"a b\"")), Some(Ok("a b".into())));
    assert!(matches!(boundary(&typed("multipart/form-data")), Some(Err(m)) if m.contains("boundary")));
    assert_eq!(boundary(&typed("multipart/mixed; boundary=abc")), None);
    assert_eq!(boundary(&typed("application/json")), None);
    assert_eq!(boundary(&HeaderMap::new()), None);
  }

  #[test]
  fn limits_read_infinity_as_none() {
    let spec = MultipartSpec { file_size: f64::INFINITY, files: 2.0, fields: 3.0, field_size: 4.0, parts: 5.0 };
    let l = Limits::from_spec(&spec);
    assert_eq!((l.file_size, l.files, l.fields, l.field_size, l.parts), (u64::MAX, 2, 3, 4, 5));
  }

  #[test]
  fn a_limit_message_names_the_key_and_the_field() {
    let m = Exceeded::FileSize.message(10, "photo");
    assert!(m.contains("\"photo\"") && m.contains("10 bytes") && m.contains("fileSize limit"), "{m}");
  }
}

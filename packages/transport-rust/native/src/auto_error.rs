//! hyper answers a request it cannot parse on its own, with an empty body (`400`, `431` for a
//! head over its buffer, `414`), and offers no hook to change that answer. So the connection's
//! stream recognises that exact answer as it is written (only while no response of the service
//! is being written, see `conn.rs`) and writes Bolt's answer for the status instead: same
//! status, Bolt's headers and JSON body, hyper's `date`, and `connection: close` (hyper closes
//! the connection after it either way).

use bytes::{BufMut, Bytes, BytesMut};
use std::io::IoSlice;

use crate::fixed::{FixedResponse, FixedSet};

/// hyper's automatic answers are a status line and two headers; anything longer is not one.
const MAX_AUTO_ANSWER: usize = 256;

/// Bolt's replacement for each status hyper answers by itself, without the `date` line.
pub struct AutoAnswers {
  answers: Vec<(Bytes, BytesMut, Bytes)>,
  /// Bolt's 408, sent when hyper gives up on a head that started but did not finish in time
  /// (hyper itself closes without a word).
  pub head_timeout: Bytes,
}

fn head_without_date(status_line: &[u8], fixed: &FixedResponse) -> BytesMut {
  let mut head = BytesMut::with_capacity(256);
  head.put_slice(status_line);
  for (name, value) in &fixed.headers {
    head.put_slice(name.as_str().as_bytes());
    head.put_slice(b": ");
    head.put_slice(value.as_bytes());
    head.put_slice(b"\r\n");
  }
  head.put_slice(format!("content-length: {}\r\nconnection: close\r\n", fixed.body.len()).as_bytes());
  head
}

impl AutoAnswers {
  pub fn new(fixed: &FixedSet) -> Self {
    let pairs: [(&'static [u8], &FixedResponse); 3] = [
      (b"HTTP/1.1 400 Bad Request\r\n", &fixed.bad_request),
      (b"HTTP/1.1 431 Request Header Fields Too Large\r\n", &fixed.headers_too_large),
      (b"HTTP/1.1 414 URI Too Long\r\n", &fixed.uri_too_long),
    ];
    let answers = pairs
      .into_iter()
      .map(|(line, f)| (Bytes::from_static(line), head_without_date(line, f), f.body.clone()))
      .collect();
    let mut timeout = head_without_date(b"HTTP/1.1 408 Request Timeout\r\n", &fixed.request_timeout);
    timeout.put_slice(b"\r\n");
    timeout.put_slice(&fixed.request_timeout.body);
    Self { answers, head_timeout: timeout.freeze() }
  }

  /// Bolt's bytes for `bufs` when they are exactly one of hyper's automatic answers.
  pub fn replace(&self, bufs: &[IoSlice<'_>]) -> Option<Bytes> {
    let total: usize = bufs.iter().map(|b| b.len()).sum();
    if total == 0 || total > MAX_AUTO_ANSWER {
      return None;
    }
    let mut written = Vec::with_capacity(total);
    for b in bufs {
      written.extend_from_slice(b);
    }
    let (_, head, body) = self.answers.iter().find(|(line, _, _)| written.starts_with(line))?;
    let date = auto_answer_date(&written)?;
    let mut out = BytesMut::with_capacity(head.len() + date.len() + 4 + body.len());
    out.put_slice(head);
    out.put_slice(date);
    out.put_slice(b"\r\n");
    out.put_slice(body);
    Some(out.freeze())
  }
}

/// The `date: ...\r\n` line when `written` is a status line, `connection: close`,
/// `content-length: 0`, `date` and the blank line (headers in any order), and nothing else.
fn auto_answer_date(written: &[u8]) -> Option<&[u8]> {
  let line_end = |rest: &[u8]| rest.windows(2).position(|w| w == b"\r\n");
  let mut rest = &written[line_end(written)? + 2..];
  let (mut date, mut length) = (None, false);
  loop {
    let end = line_end(rest)?;
    let line = &rest[..end];
    if line.is_empty() {
      // The blank line must end the bytes: an automatic answer has no body.
      return if length && rest.len() == 2 { date } else { None };
    }
    if line.eq_ignore_ascii_case(b"content-length: 0") {
      length = true;
    } else if line.eq_ignore_ascii_case(b"connection: close") {
      // hyper closes after its automatic answer and says so; Bolt's answer says it too.
    } else if date.is_none() && line.len() > 6 && line[..6].eq_ignore_ascii_case(b"date: ") {
      date = Some(&rest[..end + 2]);
    } else {
      return None;
    }
    rest = &rest[end + 2..];
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::config::FixedResponseSpec;

  fn answers() -> AutoAnswers {
    let spec = FixedResponseSpec {
      status: 400,
      headers: vec!["content-type".into(), "application/json".into()],
      body: "{\"detail\":\"Bad Request\"}".into(),
    };
    AutoAnswers::new(&FixedSet::from_specs(&[spec]))
  }

  #[test]
  fn replaces_hypers_empty_400_with_bolts() {
    let hyper = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 18:38:02 GMT\r\n\r\n";
    let out = answers().replace(&[IoSlice::new(hyper)]).expect("recognised");
    assert_eq!(
      &out[..],
      &b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 24\r\nconnection: close\r\n\
         date: Tue, 01 Dec 2026 18:38:02 GMT\r\n\r\n{\"detail\":\"Bad Request\"}"[..]
    );
  }

  #[test]
  fn leaves_other_answers_alone() {
    let a = answers();
    let with_type = b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
    assert!(a.replace(&[IoSlice::new(with_type)]).is_none());
    let with_body = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\ndate: x\r\n\r\nhi";
    assert!(a.replace(&[IoSlice::new(with_body)]).is_none());
    let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
    assert!(a.replace(&[IoSlice::new(ok)]).is_none());
  }
}

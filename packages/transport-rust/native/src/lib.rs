//! Bolt's Rust HTTP engine: hyper and tokio own the sockets, parsing, routing, limits and
//! compression; JavaScript handlers are reached through one threadsafe function per JS thread.
//!
//! The JavaScript side (`src/*.ts`) registers the compiled app's routes with [`create_server`],
//! attaches one dispatcher per JS thread with [`attach_worker`] and starts listening with
//! [`listen`]. Each request crosses into JS once (the dispatcher) and comes back once
//! (`WorkerPort::respond*`), so no tokio thread ever waits on JavaScript.

#![deny(clippy::all)]

#[macro_use]
extern crate napi_derive;

mod auto_error;
mod batch;
mod body;
mod catch_panic;
mod compress;
mod config;
mod conn;
mod cors;
mod decorate;
mod dispatch;
mod file;
mod fixed;
mod forms;
mod jwt;
mod linger;
mod multipart;
mod napi_api;
mod pending;
mod rate_limit;
mod registry;
mod router;
mod server;
mod service;
mod stream;
mod worker;
mod ws;

pub use napi_api::*;

// Rust-side allocations (request batches, replies, hyper buffers) are many and small, on two
// threads at once; mimalloc's per-thread heaps cost about a third of glibc malloc's time here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

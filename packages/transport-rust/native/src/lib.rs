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

mod body;
mod catch_panic;
mod compress;
mod config;
mod dispatch;
mod fixed;
mod linger;
mod napi_api;
mod payload;
mod pending;
mod registry;
mod router;
mod server;
mod service;
mod stream;
mod worker;

pub use napi_api::*;

//! Work done progress (`$/progress`) while the workspace is first compiled, for clients that
//! can show it (`window.workDoneProgress`): the token is created with
//! `window/workDoneProgress/create`, then one `begin`, `report`s as the compilation goes from
//! finding files to loading and analysing them, and one `end`. As rust-analyzer does, the
//! notifications follow the request without waiting for its answer: a client handles messages
//! in order, so the token exists by the time they arrive.

use std::io;

use lsp_server::{Request, RequestId};
use lsp_types::notification::{Notification as _, Progress as ProgressNotification};
use lsp_types::request::{Request as _, WorkDoneProgressCreate};
use lsp_types::{
    NumberOrString, ProgressParams, ProgressParamsValue, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};

use super::transport::Output;

/// The token of the workspace's first compilation.
const TOKEN: &str = "mofc/compile";

/// A progress shown by the client, until [`Progress::end`].
pub struct Progress {
    output: Output,
}

impl Progress {
    /// Asks the client to create the progress (request `id`), and begins it.
    pub fn begin(output: &Output, id: RequestId, title: &str, message: String) -> io::Result<Progress> {
        let token = NumberOrString::String(TOKEN.into());
        let create = WorkDoneProgressCreateParams { token };
        output.send(Request::new(id, WorkDoneProgressCreate::METHOD.into(), create))?;
        let progress = Progress { output: output.clone() };
        progress.send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: title.into(),
            cancellable: Some(false),
            message: Some(message),
            percentage: Some(0),
        }))?;
        Ok(progress)
    }

    /// Says what is being done, and how far along (0 to 100).
    pub fn report(&self, message: String, percentage: u32) -> io::Result<()> {
        self.send(WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(message),
            percentage: Some(percentage),
        }))
    }

    pub fn end(self, message: String) -> io::Result<()> {
        self.send(WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(message) }))
    }

    fn send(&self, value: WorkDoneProgress) -> io::Result<()> {
        let params = ProgressParams {
            token: NumberOrString::String(TOKEN.into()),
            value: ProgressParamsValue::WorkDone(value),
        };
        self.output.notify(ProgressNotification::METHOD, &params)
    }
}

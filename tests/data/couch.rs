//! A real CouchDB-protocol server for tests: pouchdb-server, installed by `scripts/setup.sh` into
//! `.tools/sync/`, started on a free loopback port with an admin (`admin`/`secret`) and reviewers
//! (`alice`/`apw`, `bob`/`bpw`, `carol`/`cpw`, `eve`/`epw`), stopped (and its data removed) on drop.
//! Shared by tests/sync.rs and the end-to-end sync scenario.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A running pouchdb-server (see the module comment).
pub struct CouchServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl CouchServer {
    fn binary() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/sync/node_modules/.bin/pouchdb-server")
    }

    pub fn start(name: &str) -> CouchServer {
        let dir = std::env::temp_dir().join(format!("exhibit-sync-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("server dir");
        let server = CouchServer::launch(dir, free_port());
        server.request("PUT", "/_config/admins/admin", Some("\"secret\""), None);
        for (user, password) in [("alice", "apw"), ("bob", "bpw"), ("carol", "cpw"), ("eve", "epw")] {
            let body = format!(r#"{{"name":"{user}","password":"{password}","roles":[],"type":"user"}}"#);
            let (status, reply) = server.request(
                "PUT",
                &format!("/_users/org.couchdb.user:{user}"),
                Some(&body),
                Some(("admin", "secret")),
            );
            assert!(status == 201 || status == 202, "creating {user}: {status} {reply}");
        }
        server
    }

    fn launch(dir: PathBuf, port: u16) -> CouchServer {
        let binary = CouchServer::binary();
        assert!(binary.exists(), "{} is missing: run scripts/setup.sh (the test command does)", binary.display());
        let child = Command::new(&binary)
            .args(["-p", &port.to_string(), "-o", "127.0.0.1", "-n"])
            .arg("-d")
            .arg(dir.join("data"))
            .arg("-c")
            .arg(dir.join("config.json"))
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pouchdb-server");
        std::fs::create_dir_all(dir.join("data")).ok();
        let server = CouchServer { child, port, dir };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if server.try_request("GET", "/", None, None).is_some_and(|(status, _)| status == 200) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("pouchdb-server did not answer on port {port} within 30 s");
    }

    /// Stops the server and starts it again on the same port and data.
    pub fn restart(mut self) -> CouchServer {
        let (dir, port) = (self.dir.clone(), self.port);
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::forget(self);
        CouchServer::launch(dir, port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn try_request(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        user: Option<(&str, &str)>,
    ) -> Option<(u16, String)> {
        let mut request = ureq::request(method, &format!("{}{path}", self.base())).timeout(Duration::from_secs(10));
        if let Some((name, password)) = user {
            request = request.set("Authorization", &exhibit::domain::sync::basic_auth(name, password));
        }
        let response = match body {
            Some(body) => request.set("Content-Type", "application/json").send_string(body),
            None => request.call(),
        };
        match response {
            Ok(response) => Some((response.status(), response.into_string().unwrap_or_default())),
            Err(ureq::Error::Status(status, response)) => Some((status, response.into_string().unwrap_or_default())),
            Err(_) => None,
        }
    }

    pub fn request(&self, method: &str, path: &str, body: Option<&str>, user: Option<(&str, &str)>) -> (u16, String) {
        self.try_request(method, path, body, user).unwrap_or_else(|| panic!("{method} {path}: no answer"))
    }
}

impl Drop for CouchServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

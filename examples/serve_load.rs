//! A bounded load test of `vpcpath serve` on loopback: CLIENTS threads each send ROUNDS
//! simulations of one large generated scenario at once, while a probe asks for the lessons
//! every 100 ms (is the server still responsive?). Prints the latency of both, how many
//! simulations were turned away (503: no permit within the budget), and the server's peak
//! memory (VmHWM, Linux).
//!
//! ```sh
//! cargo build --release && cargo run --release --example serve_load -- target/release/vpcpath 32 4
//! ```
//!
//! The scenario is `vpcpath generate --size small --requests 2000` (the most requests serve
//! simulates in one file). It runs the binary named, not the library, to measure its memory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn post(addr: SocketAddr, path: &str, body: &[u8]) -> (u16, usize) {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return (0, 0);
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        addr.port(),
        body.len()
    );
    let _ = s
        .write_all(head.as_bytes())
        .and_then(|()| s.write_all(body));
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let status = String::from_utf8_lossy(&raw[..raw.len().min(20)])
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, raw.len())
}

fn get(addr: SocketAddr, path: &str) -> u16 {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return 0;
    };
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    );
    let _ = s.write_all(head.as_bytes());
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw[..raw.len().min(20)])
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn vm(pid: u32, key: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .map(|l| l[key.len()..].trim().to_string())
        .unwrap_or_else(|| "?".into())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "target/release/vpcpath".into());
    let clients: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(32);
    let rounds: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(4);
    let generated = Command::new(&bin)
        .args(["generate", "--size", "small", "--requests", "2000"])
        .output()
        .expect("vpcpath generate runs");
    let text = String::from_utf8(generated.stdout).expect("UTF-8");
    let body = serde_json::json!({ "text": text }).to_string().into_bytes();
    let mut server = Command::new(&bin)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("vpcpath serve starts");
    let pid = server.id();
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the address");
    let url = line.split_whitespace().nth(2).expect("vpcpath serve: URL");
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("an address");
    println!(
        "scenario: {} bytes, 2000 requests; {clients} clients x {rounds} simulations; server pid {pid}, idle RSS {}",
        text.len(),
        vm(pid, "VmRSS:")
    );
    let body = Arc::new(body);
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let statuses = Arc::new(Mutex::new(std::collections::BTreeMap::<u16, usize>::new()));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let probe = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut probes = Vec::new();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let t = Instant::now();
                let status = get(addr, "/api/lessons");
                probes.push((t.elapsed(), status));
                std::thread::sleep(Duration::from_millis(100));
            }
            probes
        })
    };
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (body, latencies, statuses) = (
                Arc::clone(&body),
                Arc::clone(&latencies),
                Arc::clone(&statuses),
            );
            std::thread::spawn(move || {
                for _ in 0..rounds {
                    let t = Instant::now();
                    let (status, _) = post(addr, "/api/simulate", &body);
                    let took = t.elapsed();
                    *statuses.lock().unwrap().entry(status).or_default() += 1;
                    if status == 200 {
                        latencies.lock().unwrap().push(took);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let wall = start.elapsed();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let probes = probe.join().unwrap_or_default();
    let mut l = latencies.lock().unwrap().clone();
    l.sort();
    let mut p: Vec<Duration> = probes.iter().map(|(d, _)| *d).collect();
    p.sort();
    println!(
        "simulations: {:?} (status: count) in {:.1} s, {:.1}/s answered",
        statuses.lock().unwrap(),
        wall.as_secs_f64(),
        l.len() as f64 / wall.as_secs_f64()
    );
    println!(
        "simulate latency ms: p50 {:.0}, p95 {:.0}, max {:.0}",
        percentile(&l, 0.5),
        percentile(&l, 0.95),
        percentile(&l, 1.0)
    );
    println!(
        "probe (GET /api/lessons during the load), {} probes: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms, all 200: {}",
        p.len(),
        percentile(&p, 0.5),
        percentile(&p, 0.95),
        percentile(&p, 1.0),
        probes.iter().all(|(_, s)| *s == 200)
    );
    println!(
        "server memory: peak (VmHWM) {}, now (VmRSS) {}",
        vm(pid, "VmHWM:"),
        vm(pid, "VmRSS:")
    );
    let _ = server.kill();
    let _ = server.wait();
}

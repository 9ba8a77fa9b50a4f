//! `exhibit`: the native command-line tool over the same domain core as the app. Each subcommand
//! lives in its own file; all of them print JSON or plain lines on stdout and diagnostics on
//! stderr, and exit non-zero when the input is refused.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

#[cfg(not(target_arch = "wasm32"))]
mod agreement;
#[cfg(not(target_arch = "wasm32"))]
mod allegations;
#[cfg(not(target_arch = "wasm32"))]
mod assign;
#[cfg(not(target_arch = "wasm32"))]
mod capture;
#[cfg(not(target_arch = "wasm32"))]
mod inputs;
#[cfg(not(target_arch = "wasm32"))]
mod merge;
#[cfg(not(target_arch = "wasm32"))]
mod policy;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod sync;
#[cfg(not(target_arch = "wasm32"))]
mod verify;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{agreement, allegations, assign, capture, merge, policy, report, sync, verify};
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};

    #[derive(Parser)]
    #[command(name = "exhibit", version, about = "Check allegation lists against captures; verify review reports")]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Parse an allegation list (text, CSV or JSON) and print normalised allegations as JSON.
        Allegations {
            file: PathBuf,
            /// auto, text, csv or json
            #[arg(long, default_value = "auto")]
            format: exhibit::domain::allegations::Format,
        },
        /// Load captures (bundle folders, zips, HTML + screenshots, WARC, WACZ) and print them as JSON.
        Capture {
            #[arg(required = true)]
            paths: Vec<PathBuf>,
            /// Print the canonical extracted text of each capture instead of JSON.
            #[arg(long)]
            text: bool,
        },
        /// Check a verdict draft against the evidence policy; exit 0 when accepted, 1 when refused.
        Policy {
            draft: PathBuf,
            /// Capture paths: the draft's citations are checked against them (site, anchoring,
            /// hashes, later captures for removed); a codebook.json among them is the case's.
            #[arg(long, num_args = 1..)]
            captures: Vec<PathBuf>,
            /// The case codebook (default: the built-in one).
            #[arg(long)]
            codebook: Option<PathBuf>,
        },
        /// Re-check every citation and verdict of a review file against the capture bytes.
        Verify {
            review: PathBuf,
            #[arg(long, num_args = 1.., required = true)]
            captures: Vec<PathBuf>,
        },
        /// Write a review file's exports: csv, html, webannotation, claimreview or review.
        Report {
            review: PathBuf,
            /// csv, html, webannotation, claimreview or review
            #[arg(long)]
            format: exhibit::domain::export::ExportKind,
            #[arg(short = 'o', long)]
            output: Option<PathBuf>,
            /// Capture paths, to embed screenshot crops in the HTML report.
            #[arg(long, num_args = 1..)]
            captures: Vec<PathBuf>,
        },
        /// Inter-rater agreement (percent, Cohen's kappa per pair, Krippendorff's alpha, Gwet's AC1)
        /// of several reviewers' review files of one case, or of a ratings CSV, as JSON.
        #[command(override_usage = "exhibit agreement <REVIEWS>...\n       \
                                    exhibit agreement --ratings <RATINGS> [--categories <CATEGORIES>]")]
        Agreement {
            /// Review files of one case (one per reviewer, or merged ones).
            #[arg(required_unless_present = "ratings", conflicts_with = "ratings")]
            reviews: Vec<PathBuf>,
            /// A ratings CSV: header `item,<reviewer>,...`, then one row per item, empty = not rated.
            #[arg(long)]
            ratings: Option<PathBuf>,
            /// The categories of the ratings CSV's scheme, comma-separated (default: those used);
            /// any other verdict is an error. Unused ones count in Gwet's AC1.
            #[arg(long, value_delimiter = ',', requires = "ratings")]
            categories: Vec<String>,
        },
        /// Assign each allegation of a review file to several reviewers (balanced, reproducible
        /// from the seed) and print the assignment as JSON; -o writes the file with the event.
        Assign {
            review: PathBuf,
            /// The team: id:Name, comma-separated.
            #[arg(long, value_delimiter = ',', required = true)]
            reviewers: Vec<String>,
            /// Reviewers per allegation.
            #[arg(long, default_value_t = exhibit::domain::team::DEFAULT_PER_ALLEGATION)]
            per: usize,
            /// The seed (default: drawn from the clock; the assignment records it).
            #[arg(long)]
            seed: Option<u64>,
            /// Write the review file with an assignment_made event appended.
            #[arg(short = 'o', long)]
            output: Option<PathBuf>,
            /// RFC 3339 time of the event (default: now, UTC).
            #[arg(long)]
            time: Option<String>,
            /// Who makes the assignment (the event's reviewer).
            #[arg(long, default_value = "coordinator")]
            by: String,
        },
        /// Sync a review file with a CouchDB case database: push your own events, pull everyone's
        /// (checked: each reviewer's hash chain, no second version of an event), resume from the
        /// checkpoint kept in REVIEW.json.sync. The password is read from EXHIBIT_SYNC_PASSWORD.
        Sync {
            review: PathBuf,
            /// The case database, e.g. http://127.0.0.1:5984/case-demo (no credentials in it).
            url: String,
            /// Your CouchDB user name.
            #[arg(long)]
            user: Option<String>,
            /// Whose events this file pushes (default: the user name).
            #[arg(long)]
            reviewer: Option<String>,
        },
        /// Create a case database (if missing), install its rules (_design/exhibit: members only,
        /// each reviewer writes only their own events, events never change) and name its members.
        /// Needs an admin's --user (password in EXHIBIT_SYNC_PASSWORD).
        SyncSetup {
            url: String,
            #[arg(long)]
            user: Option<String>,
            /// The reviewers' CouchDB user names, comma-separated.
            #[arg(long, value_delimiter = ',', required = true)]
            members: Vec<String>,
        },
        /// Merge several reviewers' review files of one case into one team review file; exit 1 on
        /// conflicting events (one id, different content), 2 on an unreadable file.
        Merge {
            #[arg(required = true)]
            reviews: Vec<PathBuf>,
            #[arg(short = 'o', long)]
            output: Option<PathBuf>,
            /// RFC 3339 time of the export (default: now, UTC).
            #[arg(long)]
            time: Option<String>,
        },
    }

    pub fn main() -> ExitCode {
        // Rust ignores SIGPIPE, so printing into a closed pipe (`exhibit capture … | head`) would
        // panic; with the default action the process ends quietly, as other Unix tools do.
        #[cfg(unix)]
        // SAFETY: setting a signal's disposition to the default before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
        let cli = Cli::parse();
        match cli.command {
            Command::Allegations { file, format } => allegations::run(&file, format),
            Command::Capture { paths, text } => capture::run(&paths, text),
            Command::Policy { draft, captures, codebook } => policy::run(&draft, &captures, codebook.as_deref()),
            Command::Verify { review, captures } => verify::run(&review, &captures),
            Command::Report { review, format, output, captures } => {
                report::run(&review, format, output.as_deref(), &captures)
            }
            Command::Agreement { reviews, ratings, categories } => {
                agreement::run(&reviews, ratings.as_deref(), &categories)
            }
            Command::Assign { review, reviewers, per, seed, output, time, by } => assign::run(&assign::Options {
                review: &review,
                reviewers: &reviewers,
                per,
                seed,
                output: output.as_deref(),
                time: time.as_deref(),
                by: &by,
            }),
            Command::Merge { reviews, output, time } => merge::run(&reviews, output.as_deref(), time.as_deref()),
            Command::Sync { review, url, user, reviewer } => {
                sync::run(&review, &url, user.as_deref(), reviewer.as_deref())
            }
            Command::SyncSetup { url, user, members } => sync::setup(&url, user.as_deref(), &members),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

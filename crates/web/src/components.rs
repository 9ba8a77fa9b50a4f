//! One component per file. Components render state from `use_app()` and dispatch `AppAction`s;
//! they never call storage, fetch or parse (the app's effects and `domain` do).

pub mod allegation_pane;
pub mod capture;
pub mod capture_list;
pub mod capture_pane;
pub mod citation_list;
pub mod dashboard;
pub mod diff_view;
pub mod export_menu;
pub mod help_overlay;
pub mod import_panel;
pub mod language_profile;
pub mod profile_dialog;
pub mod queue;
pub mod shell;
pub mod step_indicator;
pub mod team_bar;
pub mod team_panel;
pub mod verdict_form;

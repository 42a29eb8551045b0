fn main() {
    // `sqlx::migrate!` embeds the migrations: a new or changed one must
    // rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
}

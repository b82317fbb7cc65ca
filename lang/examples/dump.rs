fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let p = phasegate_lang::parse_bytes(&path, &bytes);
    for d in &p.diagnostics {
        eprintln!("{:?}", d.report());
    }
    println!("{}", serde_json::to_string(&p.file).unwrap().len());
    println!("items {}", p.file.items.len());
}

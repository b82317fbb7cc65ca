pub mod ast;
pub mod catalog;

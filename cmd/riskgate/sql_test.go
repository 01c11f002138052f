package main

import "database/sql"

func sqlOpen(path string) (*sql.DB, error) { return sql.Open("sqlite", "file:"+path) }

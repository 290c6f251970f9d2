package config

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// Variables must name exactly what Load reads, so that `iccbot help`
// cannot drift from the code: a variable added to Load fails here until it
// is listed.
func TestVariablesListsWhatLoadReads(t *testing.T) {
	var read []string
	record := func(key string) (string, bool) {
		if !slices.Contains(read, key) {
			read = append(read, key)
		}
		return "", false
	}
	if _, err := Load(record, filepath.Join(t.TempDir(), ".env")); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, v := range Variables() {
		if listed[v.Name] {
			t.Errorf("Variables() lists %s twice", v.Name)
		}
		listed[v.Name] = true
		if v.Help == "" || len(v.Commands) == 0 {
			t.Errorf("Variables(): %s needs a help text and the commands that read it", v.Name)
		}
		if !slices.Contains(read, v.Name) {
			t.Errorf("Variables() lists %s, which Load does not read", v.Name)
		}
	}
	for _, k := range read {
		if !listed[k] {
			t.Errorf("Load reads %s, which Variables() does not list: add it to variables.go", k)
		}
	}
}

// Each default shown is the one Load uses: setting a variable to its
// listed default changes nothing.
func TestVariablesDefaultsAreLoads(t *testing.T) {
	env := filepath.Join(t.TempDir(), ".env")
	want, err := Load(lookup(), env)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Variables() {
		if v.Default == "" {
			continue
		}
		got, err := Load(lookup(v.Name, v.Default), env)
		if err != nil {
			t.Errorf("%s=%s (its listed default): %v", v.Name, v.Default, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s=%s (its listed default) gives %+v; unset gives %+v", v.Name, v.Default, got, want)
		}
	}
}

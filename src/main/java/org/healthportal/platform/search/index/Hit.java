package org.healthportal.platform.search.index;

/** A listing within a near-me radius, with its distance in metres. */
public record Hit<E>(E listing, double distance) {}

package io.github.sslstarter.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How one context's material is reloaded ({@code ssl.reload.*}, merged over the top level per
 * setting), and what from: the files its identity and trust are read from, and the Spring Boot
 * SSL bundles they are taken from. Kept apart from {@code SslSettings}: the watcher honours it,
 * not the context factory.
 *
 * @param enabled whether the files are watched
 * @param interval how often the files are read
 * @param quietPeriod how long changed files must stay the same before they are loaded
 * @param files the files and directories of identity.* and trust.* (inline PEM, classpath
 * resources and beans are not watched)
 * @param bundles the Spring Boot SSL bundles of identity.bundle and trust.bundle
 */
record SslReloadSettings(boolean enabled, Duration interval, Duration quietPeriod, List<Path> files,
		List<String> bundles) {

	static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

	static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(500);

	SslReloadSettings {
		files = List.copyOf(files);
		bundles = List.copyOf(bundles);
	}

}

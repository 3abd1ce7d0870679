package io.github.sslstarter.benchmarks.growth;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.sslstarter.autoconfigure.SslContexts;

/**
 * A Spring Boot application with this starter's auto-configuration and nothing else of ours,
 * started from properties as a user's {@code application.yml} would give them: the contexts,
 * the metrics (into a {@link SimpleMeterRegistry}) and the peer health checks are built by the
 * same code the starter runs in an application.
 */
final class App implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private App(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts an application with these properties (and no banner, no web server, quiet logs). */
	static App start(Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.main.banner-mode", "off");
		all.put("logging.level.root", "warn");
		all.put("ssl.publish-bundles", "false");
		all.putAll(properties);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(all)
			.run();
		return new App(context);
	}

	SslContexts contexts() {
		return this.context.getBean(SslContexts.class);
	}

	MeterRegistry registry() {
		return this.context.getBean(MeterRegistry.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** The application: a meter registry, and whatever auto-configuration the class path brings. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}

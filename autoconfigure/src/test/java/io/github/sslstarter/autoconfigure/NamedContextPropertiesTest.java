package io.github.sslstarter.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.core.SslContextFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A named context binds to the same properties as the top level, less the three switches that
 * only the top level has.
 */
class NamedContextPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "ssl.contexts.mail.enabled=false, ssl.contexts.mail.enabled",
			"ssl.contexts.mail.publish-bundles=false, ssl.contexts.mail.publish-bundles",
			"ssl.contexts.mail.contexts.inner.sni=x, ssl.contexts.mail.contexts" })
	void refusesATopLevelSwitchInANamedContext(String property, String named) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = SslFailureAnalysisTest.analysis(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(named, "only at the top level");
			assertThat(analysis.getAction()).contains("remove " + named);
		});
	}

	@Test
	void aNamedContextTakesEveryContextPropertyOfTheTopLevel() {
		this.runner.withPropertyValues("ssl.protocols=TLSv1.2", "ssl.contexts.mail.protocols=TLSv1.3",
				"ssl.contexts.mail.verify.scheme=smtp", "ssl.contexts.mail.session-cache.size=7").run((context) -> {
					SslContextFactory mail = context.getBean("mailSslContextFactory", SslContextFactory.class);
					assertThat(mail.protocols()).containsExactly("TLSv1.3");
					assertThat(mail.settings().verifyScheme().name()).isEqualTo("smtp");
					assertThat(mail.sessionCache().maximumSize(io.github.sslstarter.session.SessionSide.CLIENT))
						.isEqualTo(7);
					assertThat(context.getBean(SslContextFactory.class).protocols()).containsExactly("TLSv1.2");
				});
	}

}

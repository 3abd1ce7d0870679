package io.github.sslstarter.autoconfigure;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

class SslContextsAutoConfigurationTest {

	private static final TestCertificate ca = TestCertificate.authority("Autoconfig CA");

	private static final Identity server = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
		.withBean("testCa", X509Certificate.class, ca::certificate);

	@Test
	void createsThePrimaryContextWithoutAnyConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SslContexts.class)
				.hasSingleBean(SslContextFactory.class)
				.hasSingleBean(SslSocketFactory.class)
				.hasSingleBean(SslServerSocketFactory.class)
				.hasSingleBean(HostnameVerifier.class);
			SslContextFactory primary = context.getBean(SslContextFactory.class);
			assertThat(primary.name()).isEqualTo(SslSettings.PRIMARY);
			assertThat(primary.protocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
			assertThat(primary.settings().trustSystemDefaults()).isTrue();
			assertThat(primary.trustAnchorCount()).isGreaterThan(50);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("ssl.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SslContexts.class)
				.doesNotHaveBean(SslSocketFactory.class));
	}

	@Test
	void registersNamedContextsInjectableByQualifier() {
		this.runner
			.withPropertyValues("ssl.protocols=TLSv1.2", "ssl.contexts.directory.verify.name=ldap.example.org",
					"ssl.contexts.mail.protocols=TLSv1.3")
			.withUserConfiguration(NamedInjection.class)
			.run((context) -> {
				assertThat(context.getBean(SslContexts.class).names()).containsExactly("primary", "directory", "mail");
				NamedInjection injected = context.getBean(NamedInjection.class);
				assertThat(injected.primary.contextFactory().name()).isEqualTo("primary");
				assertThat(injected.directory.contextFactory().name()).isEqualTo("directory");
				assertThat(injected.mail.name()).isEqualTo("mail");
				// inherited from the top level, and overridden
				assertThat(injected.directory.contextFactory().protocols()).containsExactly("TLSv1.2");
				assertThat(injected.directory.contextFactory().settings().verifyName()).isEqualTo("ldap.example.org");
				assertThat(injected.mail.protocols()).containsExactly("TLSv1.3");
				assertThat(context.getBean("directorySslSocketFactory")).isSameAs(injected.directory);
			});
	}

	@Test
	void backsOffForUserDefinedBeans() {
		this.runner.withPropertyValues("ssl.contexts.mail.protocols=TLSv1.3")
			.withUserConfiguration(OwnSocketFactory.class)
			.run((context) -> {
				assertThat(context.getBean(SslSocketFactory.class)).isSameAs(OwnSocketFactory.instance);
				assertThat(context.getBean("mailSslSocketFactory")).isNotSameAs(OwnSocketFactory.instance);
			});
	}

	@Test
	void takesIdentityAndTrustFromBeansAndConnects() throws Exception {
		try (TestTlsServer tls = TestTlsServer.start(
				new SslContextFactory(SslSettings.builder().name("server").identity(server).build()))) {
			this.runner.withBean("serverKey", PrivateKey.class, server::privateKey)
				.withPropertyValues("ssl.trust.ca-file=bean:testCa", "ssl.trust.system-defaults=false")
				.run((context) -> {
					SslSocketFactory factory = context.getBean(SslSocketFactory.class);
					try (SSLSocket socket = factory.connect("localhost", tls.port())) {
						socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
						assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine())
							.isEqualTo("ping");
					}
				});
		}
	}

	@Test
	void appliesCustomizers() {
		this.runner.withBean(SslContextCustomizer.class, () -> new SslContextCustomizer() {
			@Override
			public void customizeSettings(String context, SslSettings.Builder settings) {
				settings.alpn(List.of("h2", context));
			}
		}).withPropertyValues("ssl.contexts.mail.sni=mail").run((context) -> {
			SslContexts contexts = context.getBean(SslContexts.class);
			assertThat(contexts.contextFactory("mail").clientParameters().getApplicationProtocols())
				.containsExactly("h2", "mail");
			assertThat(contexts.primary().settings().alpn()).containsExactly("h2", "primary");
		});
	}

	@Test
	void aVariantOfAContextIsBuiltLikeTheContext() {
		this.runner.withBean(SslContextCustomizer.class, () -> new SslContextCustomizer() {
			@Override
			public void customizeParameters(String context, javax.net.ssl.SSLParameters parameters) {
				parameters.setApplicationProtocols(new String[] { "x-" + context });
			}
		}).withPropertyValues("ssl.contexts.mail.verify.scheme=smtp").run((context) -> {
			SslSocketFactory variant = context.getBean(SslContexts.class)
				.variant("mail", (settings) -> settings.verifyScheme(io.github.sslstarter.verify.HostnameScheme.named("sip")));
			assertThat(variant.contextFactory().settings().verifyScheme().name()).isEqualTo("sip");
			assertThat(variant.contextFactory().clientParameters().getApplicationProtocols()).containsExactly("x-mail");
			assertThat(variant.contextFactory()).isNotSameAs(context.getBean(SslContexts.class).contextFactory("mail"));
		});
	}

	@Test
	void publishesEveryContextAsAnSslBundle() {
		this.runner.withPropertyValues("ssl.contexts.mail.protocols=TLSv1.3").run((context) -> {
			SslBundles bundles = context.getBean(SslBundles.class);
			assertThat(bundles.getBundleNames()).contains("primary", "mail");
			assertThat(bundles.getBundle("mail").getOptions().getEnabledProtocols()).containsExactly("TLSv1.3");
		});
	}

	@Test
	void unknownContextNamesListTheKnownOnes() {
		this.runner.withPropertyValues("ssl.contexts.mail.protocols=TLSv1.3").run((context) -> {
			SslContexts contexts = context.getBean(SslContexts.class);
			org.assertj.core.api.Assertions.assertThatExceptionOfType(NoSuchSslContextException.class)
				.isThrownBy(() -> contexts.socketFactory("smtp"))
				.withMessageContaining("'smtp'")
				.withMessageContaining("[primary, mail]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class NamedInjection {

		final SslSocketFactory primary;

		final SslSocketFactory directory;

		final SslContextFactory mail;

		NamedInjection(SslSocketFactory primary, @Qualifier("directory") SslSocketFactory directory,
				@Qualifier("mail") SslContextFactory mail) {
			this.primary = primary;
			this.directory = directory;
			this.mail = mail;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSocketFactory {

		static final SslSocketFactory instance = new SslSocketFactory(
				new SslContextFactory(SslSettings.builder().name("own").build()));

		@Bean
		SslSocketFactory ownSocketFactory() {
			return instance;
		}

	}

}

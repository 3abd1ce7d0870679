package io.github.sslstarter.benchmarks;

import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import okhttp3.internal.tls.OkHostnameVerifier;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.HostnameVerification;

/**
 * Host name checks per second on one certificate with 10 dNSName subjectAltNames, for this
 * project's scheme engine (scheme http, the RFC 2818 rules the other two implement) side by side
 * with Apache HttpClient 5's and OkHttp's verifiers, on the same certificate and hosts: one that
 * matches the last subjectAltName and one that matches none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HostnameVerificationBenchmark {

	@Param({ "last", "none" })
	public String host;

	private String name;

	private X509Certificate certificate;

	private final HostnameScheme scheme = HostnameScheme.named("http");

	private final DefaultHostnameVerifier apache = new DefaultHostnameVerifier();

	@Setup
	public void setUp() throws Exception {
		this.certificate = certificateWithTenAltNames();
		this.name = "last".equals(this.host) ? "www9.example.org" : "www.example.net";
	}

	@Benchmark
	public boolean sslstarter() {
		return HostnameVerification.verify(this.name, this.certificate, this.scheme).matched();
	}

	@Benchmark
	public boolean apacheHttpClient5() {
		try {
			this.apache.verify(this.name, this.certificate);
			return true;
		}
		catch (SSLException ex) {
			return false;
		}
	}

	@Benchmark
	public boolean okHttp() {
		return OkHostnameVerifier.INSTANCE.verify(this.name, this.certificate);
	}

	static X509Certificate certificateWithTenAltNames() {
		String[] names = new String[10];
		for (int i = 0; i < names.length; i++) {
			names[i] = "www" + i + ".example.org";
		}
		return TestCertificate.builder()
			.subject("CN=www0.example.org, O=benchmark")
			.dnsNames(names)
			.build()
			.certificate();
	}

}

/**
 * HTTP clients bound to a named TLS context: the JDK {@code HttpClient}, Apache HttpClient 5
 * (classic and async), Reactor Netty, OkHttp, and Spring's {@code RestClient},
 * {@code RestTemplate} and {@code WebClient} on top of them. Every client is built from the
 * context's {@code SSLContext}, so its trust manager verifies the chain and the host name by the
 * context's scheme inside the handshake, and the scheme is the only host-name rule.
 */
package io.github.sslstarter.client;

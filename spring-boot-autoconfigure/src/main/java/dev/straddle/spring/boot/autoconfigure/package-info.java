/** Auto-configuration of Straddle for Spring Boot (README, "Integrations → Spring Boot"). */
package dev.straddle.spring.boot.autoconfigure;

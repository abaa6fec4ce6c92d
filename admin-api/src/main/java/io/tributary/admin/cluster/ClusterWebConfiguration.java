package io.tributary.admin.cluster;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class ClusterWebConfiguration implements WebMvcConfigurer {

    private final ClusterPathCheck check;

    ClusterWebConfiguration(ClusterPathCheck check) {
        this.check = check;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(check).addPathPatterns("/v3/clusters/*", "/v3/clusters/*/**");
    }
}

import { Annotations, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { ORIGIN_SECRET_HEADER } from '../../functions/dashboard/origin-guard';
import { PrivateBucket } from './private-bucket';

/** CloudFront path of the browser bundle; the app links /assets/app.js and /assets/app.css. */
export const ASSETS_PATH = 'assets';

export interface DashboardDistributionProps {
  functionUrl: lambda.IFunctionUrl;
  /** Sent to the function as ORIGIN_SECRET_HEADER on every request. */
  originSecret: string;
  /** Built browser assets (dist/assets), uploaded under assets/. */
  assetsDir: string;
  accessLogBucket: s3.IBucket;
  /** Custom domain and its us-east-1 ACM certificate: needed to enforce TLS 1.2+ towards browsers. */
  domainName?: string;
  certificateArn?: string;
  /** A WAF web ACL (CLOUDFRONT scope, us-east-1) to attach, if the operator runs one. */
  webAclArn?: string;
}

/**
 * HTTPS front door: the app (function URL, guarded by an origin secret) and
 * its static assets (private bucket, origin access control), with security
 * headers on every response, standard access logs, and viewers limited to Japan.
 */
export class DashboardDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly assetsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DashboardDistributionProps) {
    super(scope, id);
    this.assetsBucket = new PrivateBucket(this, 'Assets', {
      versioned: false,
      accessLogs: { bucket: props.accessLogBucket, prefix: 'dashboard-assets' },
    }).bucket;
    Annotations.of(this.assetsBucket).acknowledgeWarning(
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      'The log bucket grants S3 log delivery through its LogDeliveryWrite ACL (set in the data stack), which covers every source bucket of the account.',
    );

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, nosniff, no framing, no referrer, restrictive default CSP',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        // The app sends its own CSP (hono/secure-headers); this one covers responses that lack it.
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https://*.amazonaws.com; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
          override: false,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    // TLS 1.2+ towards browsers can only be pinned with a custom certificate;
    // the default *.cloudfront.net one is fixed at TLSv1 (acknowledged CFR4).
    const customDomain =
      props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {};

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: '重層的支援体制整備事業・孤独孤立対策モニタリング',
      defaultBehavior: {
        origin: new origins.FunctionUrlOrigin(props.functionUrl, {
          readTimeout: Duration.seconds(30),
          customHeaders: { [ORIGIN_SECRET_HEADER]: props.originSecret },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Every page depends on who is asking: nothing from the app is cached.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // The function URL rejects a forwarded viewer Host header.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        [`/${ASSETS_PATH}/*`]: {
          origin: origins.S3BucketOrigin.withOriginAccessControl(this.assetsBucket),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
      ...customDomain,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Price class 200 includes the Japanese edge locations.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      // Staff of a Japanese prefecture and its towns: refuse viewers elsewhere.
      geoRestriction: cloudfront.GeoRestriction.allowlist('JP'),
      enableLogging: true,
      logBucket: props.accessLogBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: props.webAclArn,
    });

    new s3deploy.BucketDeployment(this, 'AssetsDeployment', {
      sources: [s3deploy.Source.asset(props.assetsDir)],
      destinationBucket: this.assetsBucket,
      destinationKeyPrefix: `${ASSETS_PATH}/`,
      distribution: this.distribution,
      distributionPaths: [`/${ASSETS_PATH}/*`],
      memoryLimit: 256,
    });
  }
}

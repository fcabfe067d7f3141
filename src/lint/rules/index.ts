/** Every rule, grouped and in id order. Adding a rule = adding its module here. */
import yamlParse from './yaml-parse.js';
import yamlDuplicateKey from './yaml-duplicate-key.js';
import hotTemplateStructure from './hot-template-structure.js';
import hotResourceKeys from './hot-resource-keys.js';
import hotFunctionVersion from './hot-function-version.js';
import hotGetParam from './hot-get-param.js';
import hotMissingResource from './hot-missing-resource.js';
import hotConditionName from './hot-condition-name.js';
import hotParameterDefinition from './hot-parameter-definition.js';
import hotOutput from './hot-output.js';
import hotNestedProperty from './hot-nested-property.js';
import hotNestedRequired from './hot-nested-required.js';
import hotUnusedParameter from './hot-unused-parameter.js';
import hotNestedMissing from './hot-nested-missing.js';
import hotUnusedCondition from './hot-unused-condition.js';
import hotInertFunction from './hot-inert-function.js';
import hotHeatRejects from './hot-heat-rejects.js';
import envSection from './env-section.js';
import envRegistryPath from './env-registry-path.js';
import envUnknownParameter from './env-unknown-parameter.js';
import envEmptySection from './env-empty-section.js';
import { DEPLOYMENT_RULES } from './env-deployment.js';
import dataSchema from './data-schema.js';
import dataUnknownKey from './data-unknown-key.js';
import dataRoleFileName from './data-role-file-name.js';
import thtForbiddenPath from './tht-forbidden-path.js';
import thtTemplateVersion from './tht-template-version.js';
import thtTemplateVersionOutdated from './tht-template-version-outdated.js';
import thtServiceName from './tht-service-name.js';
import thtMysqlBindAddress from './tht-mysql-bind-address.js';
import thtUpgradeWhenOrder from './tht-upgrade-when-order.js';
import thtUpgradeWhenAnd from './tht-upgrade-when-and.js';
import thtRequiredParams from './tht-required-params.js';
import thtHieraInterpolation from './tht-hiera-interpolation.js';
import thtLoggingOutputs from './tht-logging-outputs.js';
import thtContainerRequiredSections from './tht-container-required-sections.js';
import thtContainerExtraSection from './tht-container-extra-section.js';
import thtEmptyTaskDict from './tht-empty-task-dict.js';
import thtMysqlClient from './tht-mysql-client.js';
import thtPuppetConfigKeys from './tht-puppet-config-keys.js';
import thtConfigImageParam from './tht-config-image-param.js';
import thtBootstrapRoot from './tht-bootstrap-root.js';
import thtDeploymentName from './tht-deployment-name.js';
import thtConfigOutputs from './tht-config-outputs.js';
import thtOldNicConfig from './tht-old-nic-config.js';
import thtNetworkDataVariant from './tht-network-data-variant.js';
import thtRoleServices from './tht-role-services.js';
import thtEnvironmentServices from './tht-environment-services.js';
import thtParameterParity from './tht-parameter-parity.js';
import thtEndpointMap from './tht-endpoint-map.js';
import thtParameterDefinitions from './tht-parameter-definitions.js';
import thtRoleDataSchema from './tht-role-data-schema.js';
import { DIRECTIVE_RULE } from '../suppression.js';
import type { Rule } from '../types.js';

export const RULES: readonly Rule[] = [
  yamlParse,
  yamlDuplicateKey,
  hotTemplateStructure,
  hotResourceKeys,
  hotFunctionVersion,
  hotGetParam,
  hotMissingResource,
  hotConditionName,
  hotParameterDefinition,
  hotOutput,
  hotNestedProperty,
  hotNestedRequired,
  hotUnusedParameter,
  hotNestedMissing,
  hotUnusedCondition,
  hotInertFunction,
  hotHeatRejects,
  envSection,
  envRegistryPath,
  envUnknownParameter,
  envEmptySection,
  ...DEPLOYMENT_RULES,
  dataSchema,
  dataUnknownKey,
  dataRoleFileName,
  thtForbiddenPath,
  thtTemplateVersion,
  thtTemplateVersionOutdated,
  thtServiceName,
  thtMysqlBindAddress,
  thtUpgradeWhenOrder,
  thtUpgradeWhenAnd,
  thtRequiredParams,
  thtHieraInterpolation,
  thtLoggingOutputs,
  thtContainerRequiredSections,
  thtContainerExtraSection,
  thtEmptyTaskDict,
  thtMysqlClient,
  thtPuppetConfigKeys,
  thtConfigImageParam,
  thtBootstrapRoot,
  thtDeploymentName,
  thtConfigOutputs,
  thtOldNicConfig,
  thtNetworkDataVariant,
  thtRoleServices,
  thtEnvironmentServices,
  thtParameterParity,
  thtEndpointMap,
  thtParameterDefinitions,
  thtRoleDataSchema,
  DIRECTIVE_RULE,
];

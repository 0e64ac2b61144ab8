// Private networking (main.bicep's privateNetworking, off by default): a virtual network whose one
// subnet the Flex Consumption app integrates with (delegated to Microsoft.App/environments), with
// service endpoints for Storage and Key Vault, so those can refuse every other network
// (networkAcls defaultAction Deny plus a rule for this subnet).

import { resourceTags } from 'types.bicep'

@description('Name of the virtual network.')
param name string

@description('Azure region of the virtual network.')
param location string

@description('Tags applied to the virtual network.')
param tags resourceTags

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Address range of the app integration subnet (a /24 leaves room for scale-out).')
param appSubnetPrefix string = '10.40.0.0/24'

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
            {
              service: 'Microsoft.KeyVault'
            }
          ]
        }
      }
    ]
  }
}

@description('Resource id of the app integration subnet.')
output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'app')

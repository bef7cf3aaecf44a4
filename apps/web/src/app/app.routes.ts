import type { Routes } from '@angular/router';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard/docker' },
  {
    path: 'dashboard/docker',
    title: 'Simulations · simscope',
    loadComponent: () => import('./simulations/docker-dashboard').then((m) => m.DockerDashboard),
  },
  {
    path: 'dashboard/stacks',
    title: 'Stacks · simscope',
    loadComponent: () => import('./stacks/stacks-dashboard').then((m) => m.StacksDashboard),
  },
  {
    path: 'dashboard/meta',
    title: 'Notes & queue · simscope',
    loadComponent: () => import('./meta/meta-dashboard').then((m) => m.MetaDashboard),
  },
  {
    path: 'dashboard/runtime',
    title: 'Runtime · simscope',
    loadComponent: () => import('./runtime/runtime-dashboard').then((m) => m.RuntimeDashboard),
  },
  { path: '**', redirectTo: 'dashboard/docker' },
];

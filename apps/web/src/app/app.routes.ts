import type { Routes } from '@angular/router';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'dashboard/docker' },
  {
    path: 'dashboard/docker',
    title: 'Simulations · simscope',
    loadComponent: () => import('./simulations/docker-dashboard').then((m) => m.DockerDashboard),
  },
  { path: '**', redirectTo: 'dashboard/docker' },
];
